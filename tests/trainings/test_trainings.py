"""The training record: who records, edit history, totals per unit and year, pages, API."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from core.errors import ActionBlocked, ActionForbidden
from tests.conftest import client_for
from tests.web import signed_in
from trainings.models import Training
from trainings.selectors import totals_by_unit_and_year
from trainings.services import training_create, training_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def training_fields(unit):
    def make(**overrides):
        return {
            "name": "ინტეგრირებული საზღვრის მართვა",
            "organiser": "FRONTEX",
            "unit": unit,
            "start_date": datetime.date(2026, 3, 2),
            "end_date": datetime.date(2026, 3, 6),
            "duration_days": Decimal("5"),
            "place": "ვარშავა",
            "country": "პოლონეთი",
            "women": 3,
            "men": 4,
        } | overrides

    return make


def test_focal_points_record_their_units_trainings_with_named_staff(
    training_fields, focal_point, other_unit, viewer
) -> None:
    training = training_create(user=focal_point, fields=training_fields(), staff=[focal_point])
    assert training.participants == 7 and list(training.staff.all()) == [focal_point]
    with pytest.raises(ActionForbidden):
        training_create(user=focal_point, fields=training_fields(unit=other_unit))
    with pytest.raises(ActionForbidden):
        training_create(user=viewer, fields=training_fields(name="სხვა"))


def test_dates_in_order_and_a_training_is_recorded_once(training_fields, coordinator) -> None:
    with pytest.raises(ActionBlocked) as backwards:
        training_create(
            user=coordinator, fields=training_fields(end_date=datetime.date(2026, 3, 1))
        )
    assert backwards.value.messages == ["ტრენინგი ვერ დასრულდება დაწყებამდე."]
    training_create(user=coordinator, fields=training_fields())
    with pytest.raises(ActionBlocked):
        training_create(user=coordinator, fields=training_fields())
    with pytest.raises(ActionBlocked):
        training_create(user=coordinator, fields=training_fields(name="ახალი", women=-1))
    assert Training.objects.count() == 1


def test_edits_are_kept(training_fields, coordinator, focal_point) -> None:
    training = training_create(user=coordinator, fields=training_fields())
    training_update(training=training, user=coordinator, fields={"women": 5}, staff=[focal_point])
    edit = training.edits.get()
    assert edit.changes["women"] == [3, 5]
    assert edit.changes["staff"] == [[], [str(focal_point)]]


def test_totals_per_unit_and_year(training_fields, coordinator, other_unit) -> None:
    training_create(user=coordinator, fields=training_fields())
    training_create(
        user=coordinator,
        fields=training_fields(
            name="მეორე",
            women=1,
            men=0,
            duration_days=Decimal("1.5"),
            start_date=datetime.date(2026, 3, 5),
        ),
    )
    training_create(
        user=coordinator,
        fields=training_fields(
            name="შარშანდელი",
            start_date=datetime.date(2025, 5, 1),
            end_date=datetime.date(2025, 5, 2),
            duration_days=Decimal("2"),
        ),
    )
    training_create(
        user=coordinator,
        fields=training_fields(name="სხვა ერთეული", unit=other_unit, men=10, women=0),
    )
    rows = totals_by_unit_and_year(Training.objects.all())
    by_key = {(r["year"], r["unit_id"]): r for r in rows}
    unit_id = Training.objects.get(name="მეორე").unit_id
    assert by_key[(2026, unit_id)] | {"unit_name": ""} == {
        "year": 2026,
        "unit_id": unit_id,
        "unit_name": "",
        "trainings": 2,
        "women": 4,
        "men": 4,
        "people": 8,
        "days": Decimal("6.5"),
    }
    assert by_key[(2025, unit_id)]["trainings"] == 1 and by_key[(2025, unit_id)]["people"] == 7
    assert by_key[(2026, other_unit.pk)]["men"] == 10
    assert [r["year"] for r in rows] == sorted((r["year"] for r in rows), reverse=True)

    api = client_for(coordinator).get("/api/trainings/totals/?year=2026").json()
    assert {(r["unit_id"], r["people"]) for r in api} == {(unit_id, 8), (other_unit.pk, 10)}
    page = signed_in(coordinator).get("/trainings/?year=2025").content.decode()
    assert "შარშანდელი" in page and "სხვა ერთეული" not in page


def test_training_pages_and_api(training_fields, focal_point, other_unit_focal_point, unit) -> None:
    form = {
        "name": "პროცურემენტი",
        "organiser": "EU4Business",
        "unit": unit.pk,
        "start_date": "2026-10-01",
        "end_date": "2026-10-02",
        "duration_days": "2",
        "country": "საქართველო",
        "women": "2",
        "men": "1",
    }
    client = signed_in(focal_point)
    created = client.post("/trainings/new/", form)
    training = Training.objects.get(name="პროცურემენტი")
    assert created.status_code == 302 and created["Location"] == f"/trainings/{training.pk}/"
    detail = client.get(created["Location"]).content.decode()
    assert f"შენახულია: {training}." in detail
    refused = signed_in(focal_point).post(
        f"/trainings/{training.pk}/edit/", form | {"end_date": "2026-09-01", "organiser": "UNDP"}
    )
    assert refused.status_code == 400 and "UNDP" in refused.content.decode()
    assert "ტრენინგი ვერ დასრულდება დაწყებამდე." in refused.content.decode()
    assert (
        signed_in(other_unit_focal_point).post(f"/trainings/{training.pk}/edit/", form).status_code
        == 403
    )
    patched = client_for(focal_point).patch(
        f"/api/trainings/{training.pk}/", {"men": 4}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["participants"] == 6
    backwards = client_for(focal_point).patch(
        f"/api/trainings/{training.pk}/", {"end_date": "2026-01-01"}, format="json"
    )
    assert backwards.status_code == 400
