"""The obligation register: who may do what, each status move, recurrence and chasing columns."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.errors import ActionBlocked, ActionForbidden, StateConflict
from notifications.models import Notification
from projects.models import Obligation, ObligationLog, ProjectDocument
from projects.services.obligations import (
    ObligationFields,
    obligation_create,
    obligation_transition,
    obligation_update,
)
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def project(coordinator):
    return ProjectFactory.create(created_by=coordinator)


def _run(obligation, user, name, **kw):
    return obligation_transition(obligation=obligation, user=user, name=name, **kw)


class TestRegister:
    def test_coordinator_records_an_obligation_with_its_chasing_times(
        self, make_obligation
    ) -> None:
        obligation = make_obligation()
        assert obligation.state == "open" and obligation.anchor_day == 31
        local = timezone.localtime
        assert local(obligation.next_reminder_at).date() == D(2027, 1, 24)
        assert local(obligation.next_escalation_at).date() == D(2027, 2, 1)
        assert local(obligation.next_escalation_at).hour == 9

    @pytest.mark.parametrize("who", ["focal_point", "minister", "viewer"])
    def test_only_the_department_records_obligations(self, who, request, project, unit) -> None:
        with pytest.raises(ActionForbidden):
            obligation_create(
                project=project,
                user=request.getfixturevalue(who),
                fields={
                    "kind": "audit",
                    "description": "x",
                    "responsible_unit": unit,
                    "due_date": D(2027, 1, 1),
                },
            )
        assert not Obligation.objects.exists()

    def test_every_n_days_needs_the_number(self, make_obligation) -> None:
        with pytest.raises(ActionBlocked):
            make_obligation(recurrence="every_n_days", every_days=None)
        assert not Obligation.objects.exists()

    def test_a_new_due_date_moves_the_chasing_and_the_anchor(
        self, make_obligation, coordinator
    ) -> None:
        obligation = make_obligation()
        obligation_update(
            obligation=obligation, user=coordinator, fields={"due_date": D(2027, 3, 15)}
        )
        assert obligation.anchor_day == 15
        assert timezone.localtime(obligation.next_escalation_at).date() == D(2027, 3, 16)


class TestLifecycle:
    def test_submit_accept_one_off(self, make_obligation, focal_point, coordinator) -> None:
        obligation = make_obligation()
        upload = SimpleUploadedFile("ანგარიში.pdf", b"%PDF-1.7\n%%EOF\n")
        _run(obligation, focal_point, "submit", report="ანგარიში მომზადდა", uploads=[upload])
        assert obligation.state == "submitted"
        assert obligation.next_reminder_at is None and obligation.next_escalation_at is None
        submission = obligation.submissions.get()
        assert submission.due_date == D(2027, 1, 31) and submission.report == "ანგარიში მომზადდა"
        assert ProjectDocument.objects.get().submission == submission
        _run(obligation, coordinator, "accept")
        assert obligation.state == "accepted" and obligation.due_date == D(2027, 1, 31)
        moves = list(ObligationLog.objects.values_list("transition", "from_state", "to_state"))
        assert moves == [("submit", "open", "submitted"), ("accept", "submitted", "accepted")]

    def test_accepting_a_recurring_obligation_opens_the_next_due_date(
        self, make_obligation, focal_point, coordinator
    ) -> None:
        obligation = make_obligation(recurrence="monthly")
        for expected_next in (D(2027, 2, 28), D(2027, 3, 31)):
            _run(obligation, focal_point, "submit", report="შესრულდა")
            _run(obligation, coordinator, "accept")
            assert (obligation.state, obligation.due_date) == ("open", expected_next)
            assert timezone.localtime(
                obligation.next_escalation_at
            ).date() == expected_next + datetime.timedelta(days=1)
        logged = list(
            ObligationLog.objects.filter(transition="accept").values_list("due_date", flat=True)
        )
        assert logged == [D(2027, 1, 31), D(2027, 2, 28)]

    def test_return_needs_a_comment_and_the_unit_resubmits(
        self, make_obligation, focal_point, coordinator
    ) -> None:
        obligation = make_obligation()
        _run(obligation, focal_point, "submit", report="პირველი ვერსია")
        with pytest.raises(ActionBlocked):
            _run(obligation, coordinator, "return_for_revision")
        _run(obligation, coordinator, "return_for_revision", comment="დაამატეთ ფინანსური ნაწილი")
        assert obligation.state == "returned" and obligation.next_escalation_at is not None
        _run(obligation, focal_point, "submit", report="მეორე ვერსია")
        assert obligation.submissions.count() == 2

    def test_waive_needs_a_reason_and_ends_chasing(self, make_obligation, coordinator) -> None:
        obligation = make_obligation()
        with pytest.raises(ActionBlocked):
            _run(obligation, coordinator, "waive")
        _run(obligation, coordinator, "waive", comment="დონორმა მოხსნა მოთხოვნა")
        assert obligation.state == "waived" and obligation.next_reminder_at is None

    def test_submit_needs_a_report(self, make_obligation, focal_point) -> None:
        obligation = make_obligation()
        with pytest.raises(ActionBlocked):
            _run(obligation, focal_point, "submit", report="  ")
        obligation.refresh_from_db()
        assert obligation.state == "open" and not ObligationLog.objects.exists()

    def test_a_bad_document_undoes_the_submission(self, make_obligation, focal_point) -> None:
        obligation = make_obligation()
        with pytest.raises(ActionBlocked):
            _run(
                obligation,
                focal_point,
                "submit",
                report="x",
                uploads=[SimpleUploadedFile("a.exe", b"MZ")],
            )
        obligation.refresh_from_db()
        assert obligation.state == "open" and not obligation.submissions.exists()

    @pytest.mark.parametrize(
        ("who", "name", "state"),
        [
            ("other_unit_focal_point", "submit", "open"),
            ("minister", "submit", "open"),
            ("focal_point", "accept", "submitted"),
            ("focal_point", "return_for_revision", "submitted"),
            ("focal_point", "waive", "open"),
            ("viewer", "accept", "submitted"),
        ],
    )
    def test_roles(self, who, name, state, request, make_obligation, focal_point) -> None:
        obligation = make_obligation()
        if state == "submitted":
            _run(obligation, focal_point, "submit", report="x")
        with pytest.raises(ActionForbidden):
            _run(obligation, request.getfixturevalue(who), name, report="x", comment="x")

    def test_state_conflicts(self, make_obligation, coordinator) -> None:
        obligation = make_obligation()
        with pytest.raises(StateConflict):
            _run(obligation, coordinator, "accept")
        _run(obligation, coordinator, "waive", comment="x")
        with pytest.raises(StateConflict):
            _run(obligation, coordinator, "submit", report="x")
        with pytest.raises(StateConflict):
            obligation_update(obligation=obligation, user=coordinator, fields={"description": "y"})

    def test_moves_notify_the_responsible_unit(
        self, make_obligation, focal_point, coordinator, unit
    ) -> None:
        obligation = make_obligation()
        _run(obligation, focal_point, "submit", report="x")
        _run(obligation, coordinator, "return_for_revision", comment="y")
        returned = Notification.objects.filter(kind="obligation.return_for_revision")
        assert {focal_point.email, unit.notification_email} <= set(
            returned.values_list("email", flat=True)
        )
        assert coordinator.email not in set(returned.values_list("email", flat=True))


class TestOwedUnderACommitment:
    """An obligation is owed under a project or a commitment, exactly one; a commitment's
    status reports follow the commitment and are not recorded or reshaped by hand."""

    @pytest.fixture
    def commitment(self, coordinator, unit):
        from commitments.models import Framework
        from commitments.services import commitment_create

        return commitment_create(
            user=coordinator,
            fields={
                "framework": Framework.objects.get(code="un-cat"),
                "reference": "CAT/C/GEO/CO/4 §12",
                "text_ka": "ეროვნული ანგარიში წამების წინააღმდეგ კომიტეტს",
                "responsible_unit": unit,
            },
        )

    def _fields(self, unit, **more):
        return {
            "kind": "national_report",
            "description": "მეხუთე პერიოდული ანგარიში",
            "responsible_unit": unit,
            "due_date": D(2027, 6, 30),
        } | more

    def test_an_obligation_of_a_commitment_is_chased_as_any(
        self, commitment, coordinator, focal_point, unit
    ) -> None:
        obligation = obligation_create(
            commitment=commitment, user=coordinator, fields=self._fields(unit)
        )
        assert obligation.project is None and obligation.owed_under == str(commitment)
        assert obligation.next_escalation_at is not None
        _run(obligation, focal_point, "submit", report="გაგზავნილია")
        submission = obligation.submissions.get()
        assert submission.assessment == "" and not submission.indicator_values.exists()
        row = Notification.objects.get(kind="obligation.submit", email=coordinator.email)
        assert row.context["commitment"] == str(commitment)

    def test_exactly_one_of_project_and_commitment(
        self, commitment, project, coordinator, unit
    ) -> None:
        for owed_under in ({}, {"project": project, "commitment": commitment}):
            with pytest.raises(ActionBlocked):
                obligation_create(user=coordinator, fields=self._fields(unit), **owed_under)
        assert not Obligation.objects.filter(kind="national_report").exists()

    def test_a_status_report_is_not_recorded_by_hand(self, commitment, coordinator, unit) -> None:
        with pytest.raises(ActionBlocked):
            obligation_create(
                commitment=commitment,
                user=coordinator,
                fields=self._fields(unit, kind="status_report"),
            )

    def test_a_status_report_keeps_the_commitments_unit_and_periodicity(
        self, commitment, coordinator, other_unit
    ) -> None:
        report = Obligation.objects.get(commitment=commitment, kind="status_report")
        refused: list[ObligationFields] = [
            {"responsible_unit": other_unit},
            {"recurrence": "monthly"},
            {"kind": "audit"},
        ]
        for fields in refused:
            with pytest.raises(ActionBlocked):
                obligation_update(obligation=report, user=coordinator, fields=fields)
        obligation_update(obligation=report, user=coordinator, fields={"due_date": D(2027, 1, 15)})
        report.refresh_from_db()
        assert report.due_date == D(2027, 1, 15) and report.recurrence == "quarterly"

    def test_no_obligation_becomes_a_status_report(self, make_obligation, coordinator) -> None:
        obligation = make_obligation()
        with pytest.raises(ActionBlocked):
            obligation_update(
                obligation=obligation, user=coordinator, fields={"kind": "status_report"}
            )
