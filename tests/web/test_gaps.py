"""The gap analysis page and the indicator comparison pages: who reads them, what they show,
their filters, and their cost for five or fifty rows."""

from __future__ import annotations

import pytest
from django.test import Client

from commitments.models import Commitment
from tests.factories import DonorFactory, UnitFactory
from tests.insight.commitment_data import (
    commitment,
    framework,
    indicator,
    kpi,
    lagging,
    need,
    opportunity,
    project,
    result_indicator,
)
from tests.web import signed_in

pytestmark = pytest.mark.django_db

READERS = ["coordinator", "minister", "unit_head", "focal_point", "viewer", "outsider"]


@pytest.fixture
def weak_points(unit, other_unit, donor, coordinator) -> dict[str, Commitment]:
    """One off track with nothing answering it, one at risk answered by an opportunity, and
    one lagging in another framework and unit."""
    off = commitment(unit, coordinator, "AA-14.2", status=Commitment.Status.OFF_TRACK)
    risky = commitment(unit, coordinator, "AA-7.1", status=Commitment.Status.AT_RISK)
    kpi(opportunity(unit, donor, coordinator, title="გრანტი"), indicator(risky), 30)
    slow = lagging(other_unit, coordinator, "ANP-3", framework=framework("nato-anp", 6))
    commitment(unit, coordinator, "ON-TRACK-1", status=Commitment.Status.ON_TRACK)
    return {"off": off, "risky": risky, "slow": slow}


@pytest.mark.parametrize("who", READERS)
def test_everyone_signed_in_reads_the_gap_analysis(request, who, weak_points) -> None:
    page = signed_in(request.getfixturevalue(who)).get("/commitments/gaps/")
    assert page.status_code == 200
    text = page.content.decode()
    # Off track first, then at risk, then lagging; the one on track is no gap.
    assert text.index("AA-14.2") < text.index("AA-7.1") < text.index("ANP-3")
    assert "ON-TRACK-1" not in text and "გრანტი" in text


def test_signed_out_visitors_are_sent_to_sign_in(weak_points) -> None:
    for address in (
        "/commitments/gaps/",
        f"/commitments/{weak_points['off'].pk}/comparison/",
    ):
        response = Client().get(address)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("who", "adds"),
    [("coordinator", True), ("focal_point", True), ("viewer", False), ("minister", False)],
)
def test_no_answer_yet_calls_for_a_need_from_who_keeps_them(
    request, who, adds, weak_points, unit
) -> None:
    text = signed_in(request.getfixturevalue(who)).get("/commitments/gaps/").content.decode()
    off = weak_points["off"]
    add = f'href="/needs/new/?commitments={off.pk}&amp;responsible_unit={unit.pk}"'
    assert (add in text) is adds
    assert f'href="/needs/new/?commitments={weak_points["risky"].pk}' not in text
    assert text.count('class="flag"') == 2  # the off track one and the lagging one
    assert f'href="/commitments/{off.pk}/comparison/"' in text


def test_the_filters_narrow_by_framework_unit_and_what_is_unanswered(
    viewer, weak_points, other_unit
) -> None:
    client = signed_in(viewer)
    nato = weak_points["slow"].framework
    by_framework = client.get(f"/commitments/gaps/?framework={nato.pk}").content.decode()
    assert "ANP-3" in by_framework and "AA-14.2" not in by_framework
    by_unit = client.get(f"/commitments/gaps/?unit={other_unit.pk}").content.decode()
    assert "ANP-3" in by_unit and "AA-7.1" not in by_unit
    unanswered = client.get("/commitments/gaps/?unanswered=on").content.decode()
    assert "AA-14.2" in unanswered and "ANP-3" in unanswered and "AA-7.1" not in unanswered
    wrong = client.get("/commitments/gaps/?framework=abc").content.decode()
    assert "errorlist" in wrong and "AA-14.2" not in wrong


def test_the_link_from_a_gap_opens_a_new_need_for_the_commitment(
    focal_point, weak_points, unit
) -> None:
    off = weak_points["off"]
    form = signed_in(focal_point).get(
        f"/needs/new/?commitments={off.pk}&responsible_unit={unit.pk}"
    )
    text = form.content.decode()
    assert f'<option value="{off.pk}" selected>' in text
    assert f'<option value="{unit.pk}" selected>' in text


def test_the_comparison_shows_each_item_as_a_column_and_as_a_card(
    viewer, unit, donor, coordinator
) -> None:
    served = commitment(unit, coordinator, "14.2")
    trained = indicator(served, "გადამზადებული პირები")
    kpi(opportunity(unit, donor, coordinator, title="გრანტი"), trained, 40, name="სასწავლო კურსები")
    result_indicator(
        project(coordinator, title_ka="პროექტი ა"), trained, 15, title="კურსდამთავრებულები"
    )
    answering = need(unit, coordinator, "ლაბორატორია", served)

    for address in (f"/commitments/{served.pk}/comparison/", f"/needs/{answering.pk}/comparison/"):
        page = signed_in(viewer).get(address)
        assert page.status_code == 200
        text = page.content.decode()
        # The table and the cards: each item twice, each contribution twice.
        assert text.count(">გრანტი</a>") == 2 and text.count(">პროექტი ა</a>") == 2
        assert text.count("სასწავლო კურსები") == 2 and text.count("კურსდამთავრებულები") == 2
        assert "გადამზადებული პირები" in text and "web/gaps.css" in text
    assert signed_in(viewer).get("/commitments/999999/comparison/").status_code == 404
    assert signed_in(viewer).get("/needs/999999/comparison/").status_code == 404


def _many_gaps(count: int, coordinator) -> None:
    donors = [DonorFactory.create() for _ in range(3)]
    for number in range(count):
        unit = UnitFactory.create(code=f"page-unit-{number % 4}")
        weak = lagging(unit, coordinator, f"g-{number}")
        answering = need(unit, coordinator, f"საჭიროება {number}", weak)
        answering.opportunities.add(opportunity(unit, donors[number % 3], coordinator))
        answering.projects.add(project(coordinator))


@pytest.mark.parametrize("count", [5, 50])
def test_the_gap_page_takes_the_same_few_queries_for_five_or_fifty_rows(
    count, viewer, coordinator, django_assert_max_num_queries
) -> None:
    _many_gaps(count, coordinator)
    client = signed_in(viewer)
    with django_assert_max_num_queries(20):
        assert client.get("/commitments/gaps/").status_code == 200


def _many_items(count: int, coordinator) -> Commitment:
    served = commitment(UnitFactory.create(code="cmp-page"), coordinator, "1.1")
    indicators = [indicator(served, f"ინდიკატორი {n}") for n in range(3)]
    donors = [DonorFactory.create() for _ in range(3)]
    for number in range(count):
        unit = UnitFactory.create(code=f"cmp-page-{number % 4}")
        if number % 2:
            kpi(opportunity(unit, donors[number % 3], coordinator), indicators[number % 3], 5)
        else:
            made = project(coordinator, donor=donors[number % 3])
            result_indicator(made, indicators[number % 3], 5)
    return served


@pytest.mark.parametrize("count", [5, 50])
def test_the_comparison_page_takes_the_same_few_queries_for_five_or_fifty_items(
    count, viewer, coordinator, django_assert_max_num_queries
) -> None:
    served = _many_items(count, coordinator)
    client = signed_in(viewer)
    with django_assert_max_num_queries(20):
        assert client.get(f"/commitments/{served.pk}/comparison/").status_code == 200
