"""Progress reports of monitored projects: handed in by a participating unit, then accepted
(its indicator values become the actuals and the next report's due date advances) or returned."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.changes import column_values
from core.errors import ActionBlocked, ActionForbidden, StateConflict
from core.lifecycle import Move, transition_run
from core.models import User
from core.validation import validated
from core.versions import save_new_version
from notifications.recipients import coordinators
from notifications.services import notifications_enqueue
from projects import permissions as may
from projects.models import (
    IndicatorActual,
    ProgressActual,
    ProgressReport,
    Project,
    ResultIndicator,
)
from projects.recurrence import MONTHS, add_months


@transaction.atomic
def progress_report_submit(
    *,
    project: Project,
    user: User,
    period_start: datetime.date,
    period_end: datetime.date,
    progress: str,
    problems: str = "",
    next_steps: str = "",
    actuals: Mapping[ResultIndicator, Decimal] | None = None,
) -> ProgressReport:
    """Hand in progress for a period, with KPI actuals for the project's own indicators."""
    if not may.can_report_progress(project, user):
        raise ActionForbidden(
            _("Progress is reported by the participating units' focal points and the department.")
        )
    if not project.awaits_progress_report:
        raise StateConflict(_("This project is not being monitored: no report is due."))
    actuals = actuals or {}
    foreign = [i for i in actuals if i.result.project_id != project.pk]
    if foreign:
        raise ActionBlocked(_("Actuals can be reported only for this project's indicators."))
    report = ProgressReport(
        project=project,
        due_date=project.next_report_due,
        period_start=period_start,
        period_end=period_end,
        progress=progress.strip(),
        problems=problems.strip(),
        next_steps=next_steps.strip(),
        submitted_by=user,
    )
    validated(report, exclude=["project", "submitted_by"])
    claimed = [
        ProgressActual(report=report, indicator=indicator, value=value)
        for indicator, value in actuals.items()
    ]
    for actual in claimed:
        _check_actual(actual)
    report.save()
    ProgressActual.objects.bulk_create(claimed)
    notifications_enqueue(
        kind="progress.submitted",
        item=project,
        recipients=coordinators(),
        context={"project": project.title_ka, "period_end": period_end.isoformat()},
        event_key=f"progress-{report.pk}",
        exclude_user_id=user.pk,
    )
    return report


def _check_actual(actual: ProgressActual) -> None:
    """The value must fit the model's field (finite, within the bounds of an amount), whether it
    came from the page or the API; the refusal names the indicator."""
    try:
        validated(actual, exclude=["report", "indicator"])
    except ActionBlocked as refusal:
        raise ActionBlocked(
            *[f"{actual.indicator.title} — {message}" for message in refusal.messages]
        ) from refusal


def progress_report_decide(
    *, report: ProgressReport, user: User, name: str, comment: str = ""
) -> ProgressReport:
    """Accept (actuals recorded, next due date advanced by the project's periodicity) or return
    with a comment, through the lifecycle runner."""
    transition_run(report, user=user, name=name, comment=comment)
    return report


def report_accepted(move: Move) -> None:
    """An accepted report's values become the indicators' actuals, and the project's next
    report falls due a period later."""
    report: ProgressReport = move.item
    for claimed in report.actuals.all():
        IndicatorActual.objects.update_or_create(
            indicator=claimed.indicator,
            period_start=report.period_start,
            period_end=report.period_end,
            defaults={"value": claimed.value},
        )
    project = Project.objects.select_for_update().get(pk=report.project_id)
    # Only the report for the due date in force moves it on; a late duplicate does not.
    if project.next_report_due == report.due_date:
        before = column_values(project)
        project.next_report_due = add_months(report.due_date, MONTHS[project.report_periodicity])
        project.plan_report_reminder()
        save_new_version(project, before=before)
