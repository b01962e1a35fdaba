"""The one lifecycle runner: the same sequence, log and hooks for every lifecycle."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils.translation import gettext

from core.errors import ActionBlocked, VersionConflict
from core.lifecycle import Move, _after_hooks, _lifecycles, after_transition, transition_run
from projects.models import (
    Obligation,
    ObligationLog,
    ObligationSubmission,
    ProgressReport,
    ProgressReportLog,
    ProjectParticipant,
)
from projects.services.progress import progress_report_submit
from tests.factories import ProjectFactory
from workflow.models import Opportunity, TransitionLog

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def report(coordinator, focal_point, unit) -> Iterator[ProgressReport]:
    with time_machine.travel(datetime.datetime(2027, 2, 3, 10, tzinfo=datetime.UTC), tick=False):
        project = ProjectFactory.create(
            created_by=coordinator, next_report_due=D(2027, 1, 31), report_periodicity="monthly"
        )
        ProjectParticipant.objects.create(project=project, role="4", unit=unit)
        yield progress_report_submit(
            project=project,
            user=focal_point,
            period_start=D(2027, 1, 1),
            period_end=D(2027, 1, 31),
            progress="გადამზადდა 20 პირი",
        )


def test_every_lifecycle_is_registered_with_its_log() -> None:
    assert {model: lc.log for model, lc in _lifecycles.items()} == {
        Opportunity: TransitionLog,
        Obligation: ObligationLog,
        ProgressReport: ProgressReportLog,
    }


def test_a_progress_decision_is_logged_like_any_other_move(report, coordinator) -> None:
    move = transition_run(report, user=coordinator, name="return_for_revision", comment="დააზუსტეთ")
    log = ProgressReportLog.objects.get()
    assert move.log == log
    assert (log.transition, log.from_state, log.to_state, log.actor, log.comment) == (
        "return_for_revision",
        "submitted",
        "returned",
        coordinator,
        "დააზუსტეთ",
    )
    assert log.get_to_state_display() == str(ProgressReport.State.RETURNED.label)
    report.refresh_from_db()
    assert (report.version, report.decided_by, report.decision_comment) == (
        2,
        coordinator,
        "დააზუსტეთ",
    )


def test_a_stale_version_is_refused_for_every_lifecycle(report, coordinator) -> None:
    with pytest.raises(VersionConflict):
        transition_run(report, user=coordinator, name="accept", expected_version=7)
    assert not ProgressReportLog.objects.exists()


def test_a_required_input_and_a_required_comment_are_refused_with_their_reasons(
    coordinator, make_obligation
) -> None:
    obligation = make_obligation()
    with pytest.raises(ActionBlocked) as refused:
        transition_run(obligation, user=coordinator, name="submit", inputs={"report": "   "})
    assert refused.value.messages == [gettext("Write the report before submitting it.")]
    assert not ObligationSubmission.objects.exists()
    with pytest.raises(ActionBlocked) as uncommented:
        transition_run(obligation, user=coordinator, name="waive", inputs={"report": "x"})
    assert uncommented.value.messages == [gettext("A comment is required for this action.")]
    transition_run(obligation, user=coordinator, name="submit", inputs={"report": " ანგარიში "})
    assert ObligationSubmission.objects.get().report == "ანგარიში"


def test_after_hooks_run_in_the_move_and_once_each(report, coordinator) -> None:
    seen: list[tuple[str, str]] = []

    def hook(move: Move) -> None:
        seen.append((move.name, move.item.state))

    key = (ProgressReport, "accept")
    kept = list(_after_hooks.get(key, []))
    try:
        after_transition(ProgressReport, "accept", hook)
        after_transition(ProgressReport, "accept", hook)
        transition_run(report, user=coordinator, name="accept")
    finally:
        _after_hooks[key] = kept
    assert seen == [("accept", "accepted")]


def test_a_failing_hook_undoes_the_whole_move(report, coordinator) -> None:
    def broken(move: Move) -> None:
        raise RuntimeError("the register is unavailable")

    key = (ProgressReport, "accept")
    kept = list(_after_hooks.get(key, []))
    try:
        after_transition(ProgressReport, "accept", broken)
        with pytest.raises(RuntimeError):
            transition_run(report, user=coordinator, name="accept")
    finally:
        _after_hooks[key] = kept
    report.refresh_from_db()
    assert (report.state, report.version) == ("submitted", 1)
    assert not ProgressReportLog.objects.exists()


def test_an_input_that_meets_the_guard_is_what_is_typed_not_what_was_stored(
    make_opportunity: Any, focal_point: Any
) -> None:
    opportunity = make_opportunity(state="in_communication")
    Opportunity.objects.filter(pk=opportunity.pk).update(
        confirmed_amount=1000, confirmed_currency="EUR", funding_start_date=D(2027, 1, 1)
    )
    with pytest.raises(ActionBlocked):
        transition_run(opportunity, user=focal_point, name="start_monitoring", inputs={})
    opportunity.refresh_from_db()
    assert opportunity.state == "in_communication"
