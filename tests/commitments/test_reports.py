"""A commitment's status report is its obligation: handed in by the responsible unit with an
assessment and indicator values, accepted (the commitment's status and actuals follow), returned
or waived by the department — the same runner, the same log, the same mail as any obligation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments.models import Commitment, IndicatorValue
from commitments.services import commitment_update
from core.errors import ActionBlocked, ActionForbidden, StateConflict, VersionConflict
from core.roles import Role
from notifications.email import render_email
from notifications.models import Notification
from projects.models import Obligation, ObligationLog
from projects.services.commitment_reports import (
    commitment_report_submit,
    reports_handed_in,
    status_report_due,
)
from projects.services.obligations import obligation_transition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def commitment(make_commitment) -> Commitment:
    return make_commitment()


def _values(commitment: Commitment) -> dict[int, object]:
    share, approved = commitment.indicators.all()
    return {share.pk: "45,5", approved.pk: "კი"}


def _submit(commitment, user, **kw):
    kw.setdefault("report", "სტრატეგიის სამოქმედო გეგმა მიღებულია.")
    kw.setdefault("assessment", "at_risk")
    kw.setdefault("values", _values(commitment))
    return commitment_report_submit(commitment=commitment, user=user, **kw)


def _decide(commitment, user, name, comment=""):
    obligation = Obligation.objects.get(commitment=commitment, kind="status_report")
    return obligation_transition(obligation=obligation, user=user, name=name, comment=comment)


def test_submit_then_accept_sets_the_status_and_the_actuals(
    commitment, focal_point, coordinator
) -> None:
    submission = _submit(commitment, focal_point)
    assert submission.assessment == "at_risk" and submission.due_date == D(2026, 12, 31)
    claimed = {v.indicator.name: (v.value, v.text) for v in submission.indicator_values.all()}
    assert set(claimed.values()) == {(Decimal("45.5"), ""), (Decimal(1), "")}
    commitment.refresh_from_db()
    assert commitment.status == "not_assessed"  # not until the department accepts
    assert not IndicatorValue.objects.exists()

    obligation = _decide(commitment, coordinator, "accept")
    # Recurring: the next quarter is due at once.
    assert obligation.state == "open" and obligation.due_date == D(2027, 3, 31)
    commitment.refresh_from_db()
    assert commitment.status == "at_risk"
    assert commitment.edits.get().changes == {"status": ["not_assessed", "at_risk"]}
    actuals = IndicatorValue.objects.order_by("indicator__position")
    assert [(a.period_end, a.value, a.reported_by) for a in actuals] == [
        (D(2026, 12, 31), Decimal("45.5"), focal_point),
        (D(2026, 12, 31), Decimal(1), focal_point),
    ]
    (report,) = reports_handed_in(commitment)
    assert report.decision is not None and report.decision.transition == "accept"


def test_return_for_revision_then_a_second_report_answers_the_same_period(
    commitment, focal_point, coordinator
) -> None:
    _submit(commitment, focal_point, assessment="on_track")
    _decide(commitment, coordinator, "return_for_revision", comment="მონაცემები აკლია")
    assert not IndicatorValue.objects.exists()
    commitment.refresh_from_db()
    assert commitment.status == "not_assessed"
    _submit(commitment, focal_point, assessment="off_track")
    _decide(commitment, coordinator, "accept")
    commitment.refresh_from_db()
    assert commitment.status == "off_track"
    newest, first = reports_handed_in(commitment)
    assert first.decision is not None and first.decision.transition == "return_for_revision"
    assert first.decision.comment == "მონაცემები აკლია"
    assert newest.decision is not None and newest.decision.transition == "accept"
    assert newest.submission.due_date == first.submission.due_date == D(2026, 12, 31)


def test_a_second_accepted_report_for_the_period_replaces_the_actual(
    commitment, focal_point, coordinator
) -> None:
    share = commitment.indicators.first()
    _submit(commitment, focal_point, values={share.pk: "30"})
    _decide(commitment, coordinator, "accept")
    _submit(commitment, focal_point, values={share.pk: Decimal(50)})
    _decide(commitment, coordinator, "accept")
    assert list(IndicatorValue.objects.values_list("period_end", "value")) == [
        (D(2026, 12, 31), Decimal(30)),
        (D(2027, 3, 31), Decimal(50)),
    ]


def test_waiving_ends_the_series_as_for_any_obligation(commitment, coordinator) -> None:
    obligation = _decide(commitment, coordinator, "waive", comment="ვალდებულება შესრულდა")
    assert obligation.state == "waived" and obligation.next_escalation_at is None
    assert status_report_due(commitment) is None


def test_everything_missing_is_said_at_once(commitment, focal_point) -> None:
    share, approved = commitment.indicators.all()
    with pytest.raises(ActionBlocked) as refused:
        _submit(
            commitment,
            focal_point,
            report=" ",
            assessment="not_assessed",
            values={share.pk: "ბევრი", approved.pk: "შესაძლოა", 999999: "1"},
        )
    assert len(refused.value.messages) == 5
    assert not Obligation.objects.get(commitment=commitment).submissions.exists()


def test_a_value_beyond_the_bounds_is_refused(commitment, focal_point) -> None:
    share = commitment.indicators.first()
    with pytest.raises(ActionBlocked):
        _submit(commitment, focal_point, values={share.pk: "1e30"})


@pytest.mark.parametrize("who", ["other_unit_focal_point", "unit_head", "minister", "viewer"])
def test_only_the_responsible_unit_and_the_department_report(commitment, who, request) -> None:
    with pytest.raises(ActionForbidden):
        _submit(commitment, request.getfixturevalue(who))


def test_nothing_is_due_while_a_report_waits_or_after_waiving(
    commitment, focal_point, coordinator
) -> None:
    _submit(commitment, focal_point)
    with pytest.raises(StateConflict):
        _submit(commitment, focal_point)
    _decide(commitment, coordinator, "waive", comment="x")
    with pytest.raises(StateConflict):
        _submit(commitment, focal_point)


def test_a_stale_version_is_refused(commitment, focal_point) -> None:
    obligation = status_report_due(commitment)
    assert obligation is not None
    with pytest.raises(VersionConflict):
        _submit(commitment, focal_point, expected_version=obligation.version + 1)


def test_documents_go_with_the_report(commitment, focal_point) -> None:
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    submission = _submit(commitment, focal_point, uploads=[upload])
    (document,) = submission.documents.all()
    assert document.project is None and document.original_name == "report.pdf"


def test_a_status_report_handed_in_as_a_plain_obligation_needs_its_assessment(
    commitment, focal_point
) -> None:
    obligation = status_report_due(commitment)
    assert obligation is not None
    with pytest.raises(ActionBlocked):
        obligation_transition(obligation=obligation, user=focal_point, name="submit", report="x")
    obligation.refresh_from_db()
    assert obligation.state == "open" and not ObligationLog.objects.exists()


def test_a_project_obligation_carries_no_assessment(make_obligation, focal_point) -> None:
    from core.lifecycle import transition_run

    obligation = make_obligation()
    with pytest.raises(ActionBlocked):
        transition_run(
            obligation,
            user=focal_point,
            name="submit",
            inputs={"report": "x", "assessment": "on_track"},
        )


def test_the_moves_are_announced_with_the_commitment(commitment, focal_point, coordinator) -> None:
    _submit(commitment, focal_point)
    row = Notification.objects.get(kind="obligation.submit", email=coordinator.email)
    assert row.context["commitment"] == str(commitment)
    assert row.context["project"] == str(commitment)
    mail = render_email(row)
    assert str(commitment) in mail.subject


def test_an_indicator_a_report_claims_is_not_removed(commitment, focal_point, coordinator) -> None:
    _submit(commitment, focal_point)
    with pytest.raises(ActionBlocked):
        commitment_update(commitment=commitment, user=coordinator, fields={}, indicators=[])
    assert commitment.indicators.count() == 2


@pytest.mark.parametrize("claimed", ["-5", "150"])
def test_a_percentage_outside_0_to_100_is_refused_as_in_the_form(
    commitment, focal_point, claimed
) -> None:
    share = commitment.indicators.get(measure="percent")
    with pytest.raises(ActionBlocked) as refused:
        _submit(commitment, focal_point, values={share.pk: claimed})
    assert any("0" in m and "100" in m for m in refused.value.messages)
    assert not Obligation.objects.get(commitment=commitment).submissions.exists()


def test_a_number_below_zero_is_refused(commitment, coordinator, focal_point) -> None:
    share, approved = commitment.indicators.all()
    commitment_update(
        commitment=commitment,
        user=coordinator,
        fields={},
        indicators=[
            {"id": share.pk, "name": share.name, "measure": "number"},
            {"id": approved.pk, "name": approved.name, "measure": "yes_no"},
        ],
    )
    with pytest.raises(ActionBlocked):
        _submit(commitment, focal_point, values={share.pk: "-1"})
    _submit(commitment, focal_point, values={share.pk: "0"})


def test_a_status_report_moved_to_a_quarter_end_keeps_to_month_ends(
    commitment, coordinator
) -> None:
    """Periods end on a month's last day: a status report moved to 30.09 falls due next on
    31.12, not on the 30th."""
    from projects.services.obligations import obligation_update

    obligation = Obligation.objects.get(commitment=commitment, kind="status_report")
    obligation_update(
        obligation=obligation, user=coordinator, fields={"due_date": datetime.date(2026, 9, 30)}
    )
    obligation.refresh_from_db()
    assert obligation.following_due_date() == datetime.date(2026, 12, 31)


def test_a_report_that_says_done_ends_the_series_once_accepted(
    commitment, focal_point, coordinator
) -> None:
    _submit(commitment, focal_point, assessment="done")
    obligation = _decide(commitment, coordinator, "accept")
    assert obligation.state == "accepted" and obligation.due_date == D(2026, 12, 31)
    assert obligation.next_reminder_at is None and obligation.next_escalation_at is None
    commitment.refresh_from_db()
    assert commitment.status == "done" and status_report_due(commitment) is None


def test_a_commitment_marked_done_by_hand_waives_the_report_its_unit_owes(
    commitment, coordinator
) -> None:
    commitment_update(commitment=commitment, user=coordinator, fields={"status": "done"})
    obligation = Obligation.objects.get(commitment=commitment, kind="status_report")
    assert obligation.state == "waived" and status_report_due(commitment) is None
    log = ObligationLog.objects.get(obligation=obligation, transition="waive")
    assert log.actor == coordinator and log.comment

    # Taken back from done, it owes its reports again, from the present period.
    commitment_update(commitment=commitment, user=coordinator, fields={"status": "at_risk"})
    reopened = status_report_due(commitment)
    assert reopened is not None and reopened.pk != obligation.pk
    assert reopened.state == "open" and reopened.due_date == D(2026, 12, 31)


def test_a_report_handed_in_waits_for_the_department_when_the_commitment_is_marked_done(
    commitment, focal_point, coordinator
) -> None:
    _submit(commitment, focal_point, assessment="on_track")
    commitment_update(commitment=commitment, user=coordinator, fields={"status": "done"})
    obligation = Obligation.objects.get(commitment=commitment, kind="status_report")
    assert obligation.state == "submitted"
    # Accepted, the report ends the series and leaves the commitment done: its older
    # assessment does not take the commitment back from done.
    accepted = _decide(commitment, coordinator, "accept")
    assert accepted.state == "accepted" and accepted.next_escalation_at is None
    commitment.refresh_from_db()
    assert commitment.status == "done" and status_report_due(commitment) is None
    assert IndicatorValue.objects.filter(indicator__commitment=commitment).count() == 2


def test_editing_a_done_commitment_opens_no_report(commitment, coordinator) -> None:
    commitment_update(commitment=commitment, user=coordinator, fields={"status": "done"})
    commitment_update(commitment=commitment, user=coordinator, fields={"reporting": "monthly"})
    assert status_report_due(commitment) is None


def test_an_administrator_cannot_mark_done_what_only_the_department_waives(commitment) -> None:
    administrator = UserFactory.create(username="admin-person", roles=[(Role.ADMIN, None)])
    with pytest.raises(ActionForbidden):
        commitment_update(commitment=commitment, user=administrator, fields={"status": "done"})
    commitment.refresh_from_db()
    assert commitment.status == "not_assessed" and status_report_due(commitment) is not None
