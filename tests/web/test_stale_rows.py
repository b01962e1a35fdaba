"""The services take a form's rows (a commitment's indicators, an opportunity's KPIs) whole. A
save that changes rows someone else changed since the page was opened is refused before it
reaches them, so nobody's row is quietly undone; one that leaves the rows alone keeps theirs."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from commitments.models import Commitment, Framework
from commitments.services import commitment_create, commitment_update
from core.models import User
from tests.web import opened_form, signed_in
from workflow.models import Opportunity
from workflow.services import opportunity_update

pytestmark = pytest.mark.django_db

ROWS_MOVED = "ეს სტრიქონები სხვამ შეცვალა"


@pytest.fixture
def commitment(coordinator: User, unit: Any) -> Commitment:
    return commitment_create(
        user=coordinator,
        fields={
            "framework": Framework.objects.get(code="eu-aa"),
            "reference": "მუხლი 14.2",
            "text_ka": "საზღვრის მართვის სტრატეგია",
            "responsible_unit": unit,
        },
        indicators=[
            {
                "name": "გამშვები პუნქტები",
                "measure": "number",
                "baseline": Decimal(10),
                "target": Decimal(700),
                "target_date": datetime.date(2028, 12, 31),
            }
        ],
    )


def _target(commitment: Commitment) -> Decimal | None:
    return commitment.indicators.get(name="გამშვები პუნქტები").target


def _meanwhile_target(commitment: Commitment, coordinator: User, target: int) -> None:
    (row,) = commitment.indicators.values("id", "name", "measure", "baseline", "target")
    commitment_update(
        commitment=Commitment.objects.get(pk=commitment.pk),
        user=coordinator,
        fields={},
        indicators=[{**row, "target": Decimal(target)}],
    )


def test_adding_a_row_after_someone_changed_one_is_refused_and_undoes_nothing(
    commitment: Commitment, coordinator: User
) -> None:
    client = signed_in(coordinator)
    url = f"/commitments/{commitment.pk}/edit/"
    typed = opened_form(client, url)
    _meanwhile_target(commitment, coordinator, 800)

    typed |= {"indicators-1-name": "ახალი ინდიკატორი", "indicators-1-measure": "text"}
    typed["indicators-TOTAL_FORMS"] = str(int(typed["indicators-TOTAL_FORMS"]) + 1)
    refused = client.post(url, typed)
    assert refused.status_code == 409 and ROWS_MOVED in refused.content.decode()
    assert "ახალი ინდიკატორი" in refused.content.decode()  # what was typed is kept

    again = client.post(url, typed | {"version": str(Commitment.objects.get().version)})
    assert again.status_code == 409
    assert _target(commitment) == Decimal(800) and commitment.indicators.count() == 1

    # Opened afresh, the same change saves beside the other person's.
    fresh = opened_form(client, url)
    fresh |= {"indicators-1-name": "ახალი ინდიკატორი", "indicators-1-measure": "text"}
    fresh["indicators-TOTAL_FORMS"] = str(int(fresh["indicators-TOTAL_FORMS"]) + 1)
    assert client.post(url, fresh).status_code == 302
    assert _target(commitment) == Decimal(800) and commitment.indicators.count() == 2


def test_a_save_that_leaves_the_rows_alone_keeps_the_rows_someone_else_changed(
    commitment: Commitment, coordinator: User
) -> None:
    client = signed_in(coordinator)
    url = f"/commitments/{commitment.pk}/edit/"
    typed = opened_form(client, url)
    _meanwhile_target(commitment, coordinator, 800)

    typed["reference"] = "მუხლი 14.3"
    stale = client.post(url, typed)
    assert stale.status_code == 409 and ROWS_MOVED not in stale.content.decode()
    saved = client.post(url, typed | {"version": str(Commitment.objects.get().version)})
    assert saved.status_code == 302
    commitment.refresh_from_db()
    assert commitment.reference == "მუხლი 14.3" and _target(commitment) == Decimal(800)


def test_an_opportunitys_kpis_changed_meanwhile_are_not_undone(
    make_opportunity: Any, focal_point: User
) -> None:
    item = make_opportunity()
    opportunity_update(
        opportunity=item,
        user=focal_point,
        fields={},
        kpis=[{"name": "პირველი", "target": Decimal(5)}],
    )
    client = signed_in(focal_point)
    url = f"/opportunities/{item.pk}/edit/"
    typed = opened_form(client, url)
    opportunity_update(
        opportunity=Opportunity.objects.get(pk=item.pk),
        user=focal_point,
        fields={},
        kpis=[{"name": "პირველი", "target": Decimal(9)}],
    )
    typed["kpi-0-target"] = "6"
    refused = client.post(url, typed)
    assert refused.status_code == 409 and ROWS_MOVED in refused.content.decode()
    assert [k.target for k in Opportunity.objects.get(pk=item.pk).kpis.all()] == [Decimal(9)]


def test_a_donors_priorities_changed_meanwhile_are_not_undone(
    coordinator: User, donor: Any
) -> None:
    from commitments.services import donor_priorities_set

    donor_priorities_set(donor=donor, user=coordinator, priorities=[{"theme": "საზღვრები"}])
    client = signed_in(coordinator)
    url = f"/donors/{donor.pk}/priorities/"
    typed = opened_form(client, url)
    donor_priorities_set(
        donor=donor, user=coordinator, priorities=[{"theme": "საზღვრები"}, {"theme": "მიგრაცია"}]
    )
    # Saved unchanged, the stale page writes nothing over the other person's rows.
    assert client.post(url, typed).status_code == 302
    assert sorted(donor.priorities.values_list("theme", flat=True)) == ["მიგრაცია", "საზღვრები"]
    # Changed, it is refused before it could undo them.
    refused = client.post(url, typed | {"priorities-0-theme": "პოლიცია"})
    assert refused.status_code == 409 and ROWS_MOVED in refused.content.decode()
    assert sorted(donor.priorities.values_list("theme", flat=True)) == ["მიგრაცია", "საზღვრები"]
