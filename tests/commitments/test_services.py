"""Frameworks, commitments with their indicators, and donors' priorities: who may keep them,
what an edit keeps in the history, and how a commitment's status report follows it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from commitments.models import Commitment, DonorPriority, Framework, IndicatorValue
from commitments.services import (
    commitment_create,
    commitment_update,
    donor_priorities_set,
    framework_create,
    framework_update,
)
from core.errors import ActionBlocked, ActionForbidden, VersionConflict
from core.roles import Role
from projects.models import Obligation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def administrator(db):
    return UserFactory.create(username="admin-person", roles=[(Role.ADMIN, None)])


def status_report(commitment: Commitment) -> Obligation:
    return Obligation.objects.get(commitment=commitment, kind="status_report")


class TestFrameworks:
    def test_the_department_and_administrators_keep_frameworks(
        self, coordinator, administrator
    ) -> None:
        made = framework_create(
            user=coordinator,
            fields={"code": "osce", "family": "other", "name_ka": "ეუთო", "name_en": "OSCE"},
        )
        framework_update(framework=made, user=administrator, fields={"name_en": "OSCE commitments"})
        made.refresh_from_db()
        assert made.name_en == "OSCE commitments" and made.version == 2

    @pytest.mark.parametrize("who", ["focal_point", "minister", "viewer", "outsider"])
    def test_others_may_not(self, who, request) -> None:
        with pytest.raises(ActionForbidden):
            framework_create(
                user=request.getfixturevalue(who),
                fields={"code": "osce", "family": "other", "name_ka": "ეუთო"},
            )

    def test_a_code_is_used_once_and_a_stale_edit_is_refused(self, coordinator, framework) -> None:
        with pytest.raises(ActionBlocked):
            framework_create(
                user=coordinator, fields={"code": "eu-aa", "family": "eu", "name_ka": "x"}
            )
        with pytest.raises(VersionConflict):
            framework_update(
                framework=framework,
                user=coordinator,
                fields={"name_en": "x"},
                expected_version=framework.version + 1,
            )

    def test_a_code_stays_as_recorded_so_a_migration_brings_no_twin_back(
        self, coordinator, framework
    ) -> None:
        from commitments.frameworks import frameworks_ensure

        with pytest.raises(ActionBlocked):
            framework_update(framework=framework, user=coordinator, fields={"code": "eu-aa-2"})
        framework_update(framework=framework, user=coordinator, fields={"code": framework.code})
        frameworks_ensure(Framework)
        assert Framework.objects.filter(name_ka=framework.name_ka).count() == 1

    def test_the_edit_page_shows_the_code_without_letting_it_change(
        self, coordinator, framework
    ) -> None:
        from tests.web import opened_form, signed_in

        client = signed_in(coordinator)
        url = f"/frameworks/{framework.pk}/edit/"
        form = opened_form(client, url)
        assert client.post(url, form | {"code": "changed", "name_en": "AA"}).status_code == 302
        framework.refresh_from_db()
        assert (framework.code, framework.name_en) == ("eu-aa", "AA")


class TestCommitments:
    def test_a_commitment_is_recorded_with_its_indicators_and_its_first_status_report(
        self, make_commitment, unit
    ) -> None:
        commitment = make_commitment()
        assert [i.name for i in commitment.indicators.all()] == [
            "სასაზღვრო გამშვები პუნქტების წილი ახალი სისტემით",
            "სტრატეგია დამტკიცებულია",
        ]
        report = status_report(commitment)
        assert report.project is None and report.responsible_unit == unit
        assert report.recurrence == "quarterly" and report.state == "open"
        assert report.due_date == D(2026, 12, 31)  # the end of the quarter it was recorded in
        assert report.next_escalation_at is not None and report.next_reminder_at is not None

    @pytest.mark.parametrize(
        ("reporting", "due"),
        [
            ("monthly", D(2026, 11, 30)),
            ("quarterly", D(2026, 12, 31)),
            ("semi_annual", D(2026, 12, 31)),
            ("annual", D(2026, 12, 31)),
        ],
    )
    def test_the_first_report_is_due_at_the_end_of_the_running_period(
        self, make_commitment, reporting, due
    ) -> None:
        assert status_report(make_commitment(reporting=reporting)).due_date == due

    @pytest.mark.parametrize("who", ["focal_point", "minister", "viewer", "outsider"])
    def test_only_the_department_and_administrators_record_commitments(
        self, who, request, framework, unit
    ) -> None:
        with pytest.raises(ActionForbidden):
            commitment_create(
                user=request.getfixturevalue(who),
                fields={
                    "framework": framework,
                    "reference": "1",
                    "text_ka": "x",
                    "responsible_unit": unit,
                },
            )
        assert not Commitment.objects.exists() and not Obligation.objects.exists()

    def test_an_administrator_records_one_too(self, administrator, framework, unit) -> None:
        commitment = commitment_create(
            user=administrator,
            fields={
                "framework": framework,
                "reference": "1",
                "text_ka": "x",
                "responsible_unit": unit,
            },
        )
        assert status_report(commitment).created_by == administrator

    def test_a_reference_is_used_once_per_framework(self, make_commitment) -> None:
        make_commitment()
        with pytest.raises(ActionBlocked):
            make_commitment()

    def test_indicator_values_are_checked_all_at_once(self, make_commitment) -> None:
        with pytest.raises(ActionBlocked) as refused:
            make_commitment(
                indicators=[
                    {"name": "a", "measure": "percent", "target": Decimal(140)},
                    {"name": "b", "measure": "yes_no", "baseline": Decimal(3)},
                    {
                        "name": "c",
                        "measure": "number",
                        "baseline_date": D(2027, 1, 1),
                        "target_date": D(2026, 1, 1),
                    },
                ]
            )
        assert len(refused.value.messages) == 3
        assert not Commitment.objects.exists()

    def test_an_edit_keeps_fields_and_indicators_in_the_history(
        self, make_commitment, coordinator
    ) -> None:
        commitment = make_commitment()
        first, _second = commitment.indicators.all()
        commitment_update(
            commitment=commitment,
            user=coordinator,
            fields={"text_en": "Implement the IBM strategy", "status": "at_risk"},
            indicators=[
                {"id": first.pk, "name": first.name, "measure": "percent", "target": Decimal(90)}
            ],
            expected_version=commitment.version,
        )
        commitment.refresh_from_db()
        assert commitment.status == "at_risk" and commitment.version == 2
        assert [i.pk for i in commitment.indicators.all()] == [first.pk]
        edit = commitment.edits.get()
        assert set(edit.changes) == {"text_en", "status", "indicators"}
        assert edit.actor == coordinator

    def test_indicators_left_out_are_kept(self, make_commitment, coordinator) -> None:
        commitment = make_commitment()
        commitment_update(commitment=commitment, user=coordinator, fields={"partner_agencies": "x"})
        assert commitment.indicators.count() == 2

    def test_an_indicator_with_actuals_is_not_removed(self, make_commitment, coordinator) -> None:
        commitment = make_commitment()
        first = commitment.indicators.first()
        IndicatorValue.objects.create(
            indicator=first, period_end=D(2026, 12, 31), value=Decimal(30), reported_by=coordinator
        )
        with pytest.raises(ActionBlocked):
            commitment_update(commitment=commitment, user=coordinator, fields={}, indicators=[])
        assert commitment.indicators.count() == 2

    def test_a_stale_edit_is_refused(self, make_commitment, coordinator) -> None:
        commitment = make_commitment()
        with pytest.raises(VersionConflict):
            commitment_update(
                commitment=commitment,
                user=coordinator,
                fields={"text_en": "x"},
                expected_version=commitment.version + 1,
            )

    def test_a_new_periodicity_and_unit_carry_over_to_the_report_due(
        self, make_commitment, coordinator, other_unit
    ) -> None:
        commitment = make_commitment()
        with time_machine.travel(datetime.datetime(2027, 2, 10, 10, tzinfo=datetime.UTC)):
            commitment_update(
                commitment=commitment,
                user=coordinator,
                fields={"reporting": "annual", "responsible_unit": other_unit},
            )
        report = status_report(commitment)
        assert report.responsible_unit == other_unit and report.recurrence == "annual"
        assert report.due_date == D(2027, 12, 31)
        assert Obligation.objects.filter(commitment=commitment).count() == 1
        assert set(report.edits.get().changes) == {"responsible_unit", "recurrence", "due_date"}

    def test_other_edits_leave_the_report_alone(self, make_commitment, coordinator) -> None:
        commitment = make_commitment()
        report = status_report(commitment)
        commitment_update(commitment=commitment, user=coordinator, fields={"text_en": "x"})
        assert status_report(commitment).version == report.version

    def test_supporting_units_are_kept_in_the_history(
        self, make_commitment, coordinator, other_unit
    ) -> None:
        commitment = make_commitment()
        commitment_update(
            commitment=commitment, user=coordinator, fields={"supporting_units": [other_unit]}
        )
        assert list(commitment.supporting_units.all()) == [other_unit]
        assert "supporting_units" in commitment.edits.get().changes


class TestDonorPriorities:
    def test_priorities_replace_the_stored_ones_and_repeat_nothing(
        self, donor, coordinator, framework
    ) -> None:
        donor_priorities_set(donor=donor, user=coordinator, priorities=[{"theme": "მიგრაცია"}])
        donor_priorities_set(
            donor=donor,
            user=coordinator,
            priorities=[
                {"framework": framework},
                {"sector": "15210"},
                {"framework": framework},
            ],
        )
        assert DonorPriority.objects.filter(donor=donor).count() == 2

    def test_a_priority_names_something(self, donor, coordinator) -> None:
        with pytest.raises(ActionBlocked):
            donor_priorities_set(donor=donor, user=coordinator, priorities=[{"theme": " "}])

    def test_a_focal_point_may_not(self, donor, focal_point, framework) -> None:
        with pytest.raises(ActionForbidden):
            donor_priorities_set(
                donor=donor, user=focal_point, priorities=[{"framework": framework}]
            )


def test_frameworks_are_seeded() -> None:
    assert Framework.objects.filter(code__in=["nato-anp", "un-cat", "coe-ecri"]).count() == 3
