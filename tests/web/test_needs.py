"""The need pages (the shopping list) on the shared unit-record pages, and the gap view."""

from __future__ import annotations

import pytest

from needs.models import Need
from needs.services import need_create, need_update
from tests.factories import DonorFactory
from tests.insight.commitment_data import budget, commitment, in_sector, priority, project
from tests.web import opened_form, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(unit, coordinator, make_opportunity) -> Need:
    return need_create(
        user=coordinator,
        fields={
            "title": "ციფრული არქივი",
            "source": Need.Source.AA,
            "source_reference": "მუხლი 14",
            "priority": Need.Priority.HIGH,
            "responsible_unit": unit,
        },
        opportunities=[make_opportunity(title="არქივის გრანტი")],
    )


@pytest.mark.parametrize(("who", "adds"), [("viewer", False), ("focal_point", True)])
def test_the_list_offers_a_new_need_only_to_who_keeps_them(request, who, adds, need) -> None:
    page = signed_in(request.getfixturevalue(who)).get("/needs/").content.decode()
    assert "<h1>საჭიროებების სია</h1>" in page
    assert "ციფრული არქივი" in page and need.opportunities.get().reference in page
    assert ('href="/needs/new/"' in page) is adds
    assert 'href="/needs/gaps/"' in page and "export=xlsx" in page


def test_a_wrong_filter_value_lists_nothing(viewer, need) -> None:
    page = signed_in(viewer).get("/needs/?priority=urgent").content.decode()
    assert "errorlist" in page and "ციფრული არქივი" not in page


def test_the_page_offers_editing_to_the_units_focal_point_and_shows_the_edits(
    need, coordinator, focal_point, other_unit_focal_point
) -> None:
    need_update(need=need, user=coordinator, fields={"title": "ციფრული არქივი 2"})
    page = signed_in(focal_point).get(f"/needs/{need.pk}/").content.decode()
    assert "<h1>ციფრული არქივი 2</h1>" in page and f'href="/needs/{need.pk}/edit/"' in page
    assert "ციფრული არქივი → ციფრული არქივი 2" in page
    other = signed_in(other_unit_focal_point).get(f"/needs/{need.pk}/").content.decode()
    assert f'href="/needs/{need.pk}/edit/"' not in other


def test_an_edit_saves_what_was_changed_and_links_kept_as_they_were(need, focal_point) -> None:
    client = signed_in(focal_point)
    form = opened_form(client, f"/needs/{need.pk}/edit/")
    response = client.post(f"/needs/{need.pk}/edit/", form | {"priority": "low"})
    assert response.status_code == 302 and response["Location"] == f"/needs/{need.pk}/"
    need.refresh_from_db()
    assert need.priority == "low" and need.opportunities.count() == 1


def test_who_keeps_no_records_gets_no_form(viewer, other_unit_focal_point, need) -> None:
    assert signed_in(viewer).get("/needs/new/").status_code == 403
    assert signed_in(other_unit_focal_point).get(f"/needs/{need.pk}/edit/").status_code == 403


def test_the_gap_view_lists_a_need_nobody_answers(viewer, unit, coordinator) -> None:
    need_create(
        user=coordinator,
        fields={"title": "ლაბორატორია", "source": Need.Source.UN, "responsible_unit": unit},
    )
    page = signed_in(viewer).get("/needs/gaps/").content.decode()
    assert "ლაბორატორია" in page


def test_the_page_lists_the_commitments_it_serves_and_the_donors_that_match(
    viewer, unit, coordinator
) -> None:
    aa = commitment(unit, coordinator, "14.2")
    served = need_create(
        user=coordinator,
        fields={
            "title": "სასაზღვრო ლაბორატორია",
            "source": Need.Source.AA,
            "responsible_unit": unit,
            "sector": "15210",
        },
        commitments=[aa],
    )
    eu = DonorFactory.create(acronym="EU-X", name_ka="ევროკავშირი X")
    priority(eu, framework=aa.framework)
    earlier = project(coordinator, donor=eu, title_ka="საზღვრის მართვა I")
    in_sector(earlier, "15210")
    budget(earlier, 500000)
    priority(DonorFactory.create(acronym="NOPE"), theme="განათლება")

    page = signed_in(viewer).get(f"/needs/{served.pk}/").content.decode()

    assert f'href="/commitments/{aa.pk}/"' in page and "EU-AA 14.2" in page
    assert "15210" in page
    assert f'href="/needs/{served.pk}/comparison/"' in page
    assert "EU-X" in page and "NOPE" not in page
    assert f'href="/projects/{earlier.pk}/"' in page and "საზღვრის მართვა I" in page


def test_the_form_sets_the_commitments_and_sector_keeping_the_other_links(
    need, focal_point, coordinator, unit
) -> None:
    aa = commitment(unit, coordinator, "14.2")
    client = signed_in(focal_point)
    form = opened_form(client, f"/needs/{need.pk}/edit/")
    response = client.post(
        f"/needs/{need.pk}/edit/", form | {"commitments": [str(aa.pk)], "sector": "15210"}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert list(need.commitments.all()) == [aa] and need.sector == "15210"
    assert need.opportunities.count() == 1
    assert need.edits.order_by("-at", "-id")[0].changes == {
        "sector": ["", "15210"],
        "commitments": [[], ["EU-AA 14.2"]],
    }
