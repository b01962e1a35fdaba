"""The bounds declared in core.bounds hold on every way in: the API (400 naming the field),
the pages (a form error), imports (a row error); and what is accepted comes back exactly."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from django.apps import apps
from django.core.validators import MaxValueValidator
from django.db import models

from core.bounds import (
    AMOUNT_MAX_DIGITS,
    COUNT_MAX,
    DateWindowValidator,
    exact_amount,
)
from imports.services import import_check
from projects.models import Obligation
from projects.recurrence import next_due
from scheduling.schedule import shift
from tests.conftest import client_for
from tests.factories import ProjectFactory
from tests.web import signed_in
from trainings.models import Training
from workflow.models import Opportunity

pytestmark = pytest.mark.django_db

TOO_LONG = "99999999999999.99"  # 16 significant digits: SQLite gave it back changed
LONGEST = "9999999999999.99"  # 15: kept exactly on SQLite and PostgreSQL

OUR_APPS = {"core", "workflow", "projects", "needs", "trainings", "imports", "iati"}
# Counters the code keeps, never typed by a person.
NOT_ENTERED = {
    ("workflow", "ReferenceCounter", "last_number"),
    ("workflow", "ReferenceCounter", "year"),
    # Counted by the IATI reader, not typed by anyone.
    ("iati", "IatiImport", "activities_read"),
    ("iati", "IatiActivity", "position"),
}
# Copies of a bounded date, written by the services.
SET_BY_THE_CODE = {
    ("projects", "ObligationSubmission", "due_date"),
    ("projects", "ObligationLog", "due_date"),
    ("projects", "ProgressReport", "due_date"),
}
ENTERED_TIMES = {("CoordinationMeeting", "starts_at")}


def _opportunity(unit, donor, **extra):
    return {
        "title": "ტრენინგი",
        "kind": "training",
        "donor": donor.pk,
        "owning_unit": unit.pk,
        "currency": "EUR",
        "expected_results": "შედეგი",
        "kpis": [{"name": "პირები", "unit": "პირი", "baseline": "0", "target": "30"}],
        **extra,
    }


F = TypeVar("F", bound="models.Field[Any, Any]")


def _fields(kind: type[F]) -> list[tuple[str, str, F]]:
    return [
        (model._meta.app_label, model.__name__, field)
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        for field in model._meta.get_fields()
        if isinstance(field, kind)
    ]


def _given_validators(field: models.Field[Any, Any]) -> list[object]:
    """The validators a field was declared with; ``validators`` adds the database's range."""
    given: list[object] = vars(field)["_validators"]
    return given


class TestEveryFieldIsBounded:
    def test_amounts_keep_at_most_15_digits(self) -> None:
        assert all(f.max_digits <= AMOUNT_MAX_DIGITS for _a, _m, f in _fields(models.DecimalField))

    def test_counts_have_an_upper_bound(self) -> None:
        unbounded = [
            (app, model, field.name)
            for app, model, field in _fields(models.PositiveIntegerField)
            if field.editable
            and not field.primary_key
            and (app, model, field.name) not in NOT_ENTERED
            and not any(isinstance(v, MaxValueValidator) for v in _given_validators(field))
        ]
        assert unbounded == [], unbounded

    def test_dates_people_enter_lie_in_the_window(self) -> None:
        unbounded = [
            (app, model, field.name)
            for app, model, field in _fields(models.DateField)
            if not isinstance(field, models.DateTimeField) or (model, field.name) in ENTERED_TIMES
            if field.editable
            and not (field.auto_now or field.auto_now_add)
            and (app, model, field.name) not in SET_BY_THE_CODE
            and not any(isinstance(v, DateWindowValidator) for v in _given_validators(field))
        ]
        assert unbounded == [], unbounded


class TestAmounts:
    def test_the_api_refuses_a_16th_digit_naming_the_field(self, focal_point, unit, donor) -> None:
        response = client_for(focal_point).post(
            "/api/opportunities/", _opportunity(unit, donor, estimated_value=TOO_LONG)
        )
        assert response.status_code == 400
        assert "estimated_value" in response.json()["errors"]
        assert not Opportunity.objects.exists()

    def test_a_kpi_value_too_long_is_refused(self, focal_point, unit, donor) -> None:
        payload = _opportunity(unit, donor)
        payload["kpis"][0]["target"] = TOO_LONG
        response = client_for(focal_point).post("/api/opportunities/", payload)
        assert response.status_code == 400 and "kpis" in response.json()["errors"]

    def test_the_longest_amount_comes_back_exactly_and_the_register_shows_it(
        self, focal_point, unit, donor
    ) -> None:
        response = client_for(focal_point).post(
            "/api/opportunities/", _opportunity(unit, donor, estimated_value=LONGEST)
        )
        assert response.status_code == 201, response.json()
        assert Opportunity.objects.get().estimated_value == Decimal(LONGEST)
        assert client_for(focal_point).get("/api/opportunities/").status_code == 200
        assert signed_in(focal_point).get("/register/").status_code == 200

    def test_the_page_shows_a_form_error(self, focal_point, unit, donor) -> None:
        response = signed_in(focal_point).post(
            "/opportunities/new/",
            {
                "title": "ტრენინგი",
                "kind": "training",
                "donor": donor.pk,
                "owning_unit": unit.pk,
                "currency": "EUR",
                "estimated_value": TOO_LONG,
                "monitoring_periodicity": "quarterly",
                "kpi-TOTAL_FORMS": "0",
                "kpi-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
        assert not Opportunity.objects.exists()

    def test_an_import_row_is_refused(self, coordinator, donor, unit) -> None:
        content = (
            "title_ka;donor;implementing_unit;budget;currency\n"
            f"პროექტი;{donor.code};{unit.code};{TOO_LONG};EUR\n"
        ).encode()
        batch = import_check(
            user=coordinator, register="projects", file_name="p.csv", content=content
        )
        row = batch.report["rows"][0]
        assert row["outcome"] == "error" and "15" in row["messages"][0], row

    def test_a_confirmed_amount_too_long_is_refused_on_the_move(
        self, coordinator, make_opportunity
    ) -> None:
        opportunity = make_opportunity(state="in_communication")
        response = client_for(coordinator).post(
            f"/api/opportunities/{opportunity.pk}/transitions/start_monitoring/",
            {"confirmed_amount": TOO_LONG, "confirmed_currency": "EUR", "start_date": "2027-01-01"},
        )
        assert response.status_code == 400
        assert "confirmed_amount" in response.json()["errors"]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1250.5", Decimal("1250.50")),
            (LONGEST, Decimal(LONGEST)),
            (TOO_LONG, None),
            ("1e999999", None),
            ("9" * 400, None),
            ("NaN", None),
            ("Infinity", None),
            ("x", None),
        ],
    )
    def test_exact_amount(self, text: str, expected: Decimal | None) -> None:
        assert exact_amount(text) == expected


class TestCounts:
    def test_participants_beyond_the_bound_are_refused(self, focal_point, unit) -> None:
        response = client_for(focal_point).post(
            "/api/trainings/",
            {
                "name": "ტრენინგი",
                "organiser": "FRONTEX",
                "unit": unit.pk,
                "start_date": "2026-03-02",
                "end_date": "2026-03-06",
                "duration_days": "5",
                "country": "პოლონეთი",
                "women": 2**31 - 1,
                "men": COUNT_MAX + 1,
            },
        )
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"women", "men"}
        assert not Training.objects.exists()

    def test_an_interval_beyond_ten_years_is_refused(self, coordinator, unit) -> None:
        project = ProjectFactory.create(created_by=coordinator)
        response = client_for(coordinator).post(
            "/api/obligations/",
            {
                "project": project.pk,
                "kind": "audit",
                "description": "აუდიტი",
                "responsible_unit": unit.pk,
                "due_date": "2027-01-31",
                "recurrence": "every_n_days",
                "every_days": 32000,
            },
        )
        assert response.status_code == 400 and "every_days" in response.json()["errors"]


class TestDates:
    def test_an_obligation_due_in_9999_is_refused(self, coordinator, unit) -> None:
        project = ProjectFactory.create(created_by=coordinator)
        response = client_for(coordinator).post(
            "/api/obligations/",
            {
                "project": project.pk,
                "kind": "audit",
                "description": "აუდიტი",
                "responsible_unit": unit.pk,
                "due_date": "9999-12-31",
                "recurrence": "monthly",
            },
        )
        assert response.status_code == 400 and "due_date" in response.json()["errors"]
        assert not Obligation.objects.exists()

    def test_a_project_starting_in_9999_is_refused(self, coordinator) -> None:
        response = client_for(coordinator).post(
            "/api/projects/",
            {
                "title_ka": "პროექტი",
                "actual_start": "9999-01-01",
                "report_periodicity": "quarterly",
            },
        )
        assert response.status_code == 400 and "actual_start" in response.json()["errors"]

    def test_the_page_refuses_a_training_in_9999(self, focal_point, unit) -> None:
        response = signed_in(focal_point).post(
            "/trainings/new/",
            {
                "name": "ტრენინგი",
                "organiser": "FRONTEX",
                "unit": unit.pk,
                "start_date": "9999-12-30",
                "end_date": "9999-12-31",
                "duration_days": "2",
                "country": "საქართველო",
                "women": "2",
                "men": "1",
            },
        )
        assert response.status_code in (200, 400)
        assert "2100" in response.content.decode()
        assert not Training.objects.exists()

    def test_an_import_row_in_9999_is_refused(self, coordinator, unit) -> None:
        content = (
            "name;organiser;unit;start_date;end_date;duration_days;country;women;men\n"
            f"IBM;FRONTEX;{unit.code};9999-12-30;9999-12-31;2;საქართველო;1;1\n"
        ).encode()
        batch = import_check(
            user=coordinator, register="trainings", file_name="t.csv", content=content
        )
        assert batch.report["rows"][0]["outcome"] == "error"

    def test_the_arithmetic_stops_at_the_calendars_end(self) -> None:
        last = datetime.date.max
        assert next_due(last, "monthly") is None
        assert next_due(last, "every_n_days", every_days=7) is None
        assert shift(last, 30) == last and shift(datetime.date.min, -30) == datetime.date.min

    def test_a_stored_obligation_due_in_9999_can_still_be_read_and_moved(
        self, coordinator, focal_point, make_obligation
    ) -> None:
        obligation = make_obligation(recurrence="monthly")
        # A row written before the window existed.
        Obligation.objects.filter(pk=obligation.pk).update(
            due_date=datetime.date(9999, 12, 31), anchor_day=31
        )
        assert signed_in(coordinator).get(f"/obligations/{obligation.pk}/").status_code == 200
        url = f"/api/obligations/{obligation.pk}/transitions"
        submitted = client_for(focal_point).post(f"{url}/submit/", {"report": "ანგარიში"})
        assert submitted.status_code == 200, submitted.json()
        accepted = client_for(coordinator).post(f"{url}/accept/", {})
        assert accepted.status_code == 200, accepted.json()
        assert accepted.json()["state"] == "accepted"


def test_text_with_a_nul_character_is_refused_by_the_services_validation(unit) -> None:
    """PostgreSQL cannot store NUL; a page passing text straight to a service got a 500."""
    from core.errors import ActionBlocked
    from core.validation import validated
    from needs.models import Need

    need = Need(title="a\x00b", source="aa", responsible_unit=unit)
    with pytest.raises(ActionBlocked) as refused:
        validated(need, exclude=["created_by"])
    assert refused.value.messages == ["დასახელება: Null მნიშვნელობები დაუშვებელია."]
