"""How the lifecycles of obligations and progress reports are recorded and announced, and the
work an opportunity's moves start in the register. Registered with the runner in
``core.lifecycle`` when the app starts (``ProjectsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from core.lifecycle import Lifecycle, Move, after_transition, lifecycle_register
from notifications.recipients import coordinators, person, responsible_unit
from notifications.services import notifications_enqueue
from projects.models import Obligation, ObligationLog, ProgressReport, ProgressReportLog
from projects.services.commitment_reports import (
    status_report_accepted,
    status_report_keep_in_step,
)
from projects.services.obligations import submission_keep
from projects.services.progress import report_accepted
from projects.services.projects import project_closed_with_opportunity, project_from_opportunity


def _obligation_log_values(move: Move) -> dict[str, Any]:
    return {"due_date": move.before["due_date"]}


def _obligation_announce(move: Move) -> None:
    obligation: Obligation = move.item
    assert move.log is not None
    notifications_enqueue(
        kind=f"obligation.{move.name}",
        item=obligation,
        recipients=responsible_unit(obligation.responsible_unit) + coordinators(),
        context={
            # What it is owed under: the project's title, or the commitment's name.
            "project": obligation.owed_under,
            "commitment": str(obligation.commitment) if obligation.commitment_id else "",
            "obligation": str(obligation.get_kind_display()),
            "due_date": move.before["due_date"].isoformat(),
            "next_due_date": obligation.due_date.isoformat(),
            "to_state": obligation.state,
            "comment": move.comment,
            "actor": move.user.display_name,
        },
        event_key=f"obligation-log-{move.log.pk}",
        exclude_user_id=move.user.pk,
    )


def _report_stamp(move: Move) -> None:
    report: ProgressReport = move.item
    report.decided_by, report.decided_at = move.user, timezone.now()
    report.decision_comment = move.comment


def _report_announce(move: Move) -> None:
    report: ProgressReport = move.item
    notifications_enqueue(
        kind=f"progress.{move.name}",
        item=report.project,
        recipients=coordinators() + person(report.submitted_by),
        context={
            "project": report.project.title_ka,
            "comment": move.comment,
            "to_state": report.state,
        },
        event_key=f"progress-{report.pk}-{move.name}",
        exclude_user_id=move.user.pk,
    )


def _monitoring_starts_a_project(move: Move) -> None:
    # Every monitored opportunity is a project in the register, whoever moved it.
    project_from_opportunity(opportunity=move.item, user=move.user)


def _closing_closes_its_project(move: Move) -> None:
    project_closed_with_opportunity(opportunity=move.item)


def register() -> None:
    from commitments.services import after_commitment_saved
    from workflow.models import Opportunity

    lifecycle_register(
        Obligation,
        Lifecycle(
            log=ObligationLog,
            log_values=_obligation_log_values,
            announce=_obligation_announce,
        ),
    )
    lifecycle_register(
        ProgressReport,
        Lifecycle(
            log=ProgressReportLog,
            stamp=_report_stamp,
            announce=_report_announce,
        ),
    )
    after_transition(Obligation, "submit", submission_keep)
    after_transition(Obligation, "accept", status_report_accepted)
    # A commitment's status report is planned and kept in step with the commitment.
    after_commitment_saved(status_report_keep_in_step)
    after_transition(ProgressReport, "accept", report_accepted)
    after_transition(Opportunity, "start_monitoring", _monitoring_starts_a_project)
    after_transition(Opportunity, "close", _closing_closes_its_project)
