"""Reads of the project and obligation registers, with their joins done up front."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Prefetch, QuerySet

from core import budgets
from projects import measures
from projects.models import (
    BudgetLine,
    Obligation,
    ProgressReport,
    Project,
    ProjectParticipant,
    ProjectResult,
)
from scheduling import policy
from scheduling.series import latest_anchor


def project_register() -> QuerySet[Project]:
    return Project.objects.select_related("opportunity").prefetch_related(
        Prefetch(
            "participants",
            queryset=ProjectParticipant.objects.select_related("donor", "unit"),
        ),
        "sectors",
        "target_areas",
        "budget_lines",
        Prefetch(
            "results",
            queryset=ProjectResult.objects.prefetch_related("indicators__actuals"),
        ),
    )


def counted_lines(project: Project) -> list[BudgetLine]:
    """The lines that make up the budget: a revised line replaces the original of the same
    period only (``core.budgets.counted``). Reads prefetched ``budget_lines``."""
    return budgets.counted(
        project.budget_lines.all(),
        kind=lambda line: line.kind,
        period=lambda line: (line.period_start, line.period_end),
    )


def budget_totals(project: Project) -> dict[str, Decimal]:
    """The project's budget summed per currency (budgets are not converted)."""
    totals: dict[str, Decimal] = {}
    for line in counted_lines(project):
        totals[line.currency] = totals.get(line.currency, Decimal(0)) + line.amount
    return dict(sorted(totals.items()))


def obligation_register() -> QuerySet[Obligation]:
    return Obligation.objects.select_related("project", "commitment__framework", "responsible_unit")


def commitment_reports_owed(
    unit_ids: set[int], states: Iterable[str] = Obligation.WAITING_ON_UNIT
) -> QuerySet[Obligation]:
    """What the units owe under commitments now (status reports, national reports), the
    earliest due first: the work a focal point's home page lists."""
    return (
        obligation_register()
        .filter(
            commitment__isnull=False,
            responsible_unit_id__in=unit_ids,
            state__in=list(states),
        )
        .order_by("due_date", "id")
    )


def project_obligations_due(unit_ids: set[int]) -> QuerySet[Obligation]:
    """What the units owe donors under projects and have not yet handed in (a report sent
    back is listed by ``returned_obligations``), the earliest due first."""
    return (
        obligation_register()
        .filter(
            project__isnull=False, responsible_unit_id__in=unit_ids, state=Obligation.State.OPEN
        )
        .order_by("due_date", "id")
    )


def returned_obligations(unit_ids: set[int]) -> QuerySet[Obligation]:
    """The units' reports the department sent back for revision, the earliest due first."""
    return (
        obligation_register()
        .filter(responsible_unit_id__in=unit_ids, state=Obligation.State.RETURNED)
        .order_by("due_date", "id")
    )


def progress_reports_due(unit_ids: set[int]) -> QuerySet[Project]:
    """Projects the units take part in whose next progress report is awaited, the earliest
    due first (the rule of ``Project.report_reminder``)."""
    return Project.objects.filter(
        next_report_due__isnull=False,
        status__in=Project.REPORTING_STATUSES,
        pk__in=ProjectParticipant.objects.filter(unit_id__in=unit_ids).values("project_id"),
    ).order_by("next_report_due", "id")


def obligations_to_accept() -> QuerySet[Obligation]:
    """Reports handed in and waiting for the department to accept or return them (commitment
    status reports among them), the earliest due first."""
    return obligation_register().filter(state=Obligation.State.SUBMITTED).order_by("due_date", "id")


def progress_reports_to_accept() -> QuerySet[ProgressReport]:
    """Projects' progress reports waiting for the department's decision, the oldest first."""
    return (
        ProgressReport.objects.filter(state=ProgressReport.State.SUBMITTED)
        .select_related("project")
        .order_by("due_date", "submitted_at", "id")
    )


def escalated_to(
    rule: str, today: datetime.date, unit_ids: set[int] | None = None
) -> QuerySet[Obligation]:
    """Overdue obligations whose escalation ladder (``scheduling.policy``) has reached a step
    that tells ``rule`` (``unit_head``, ``department_head``, ``top_management``): what the
    escalation mail sent those people about. Of ``unit_ids`` only, when given; the longest
    overdue first."""
    steps = [step for step in policy.escalation_ladder() if rule in step.recipients]
    if not steps:
        return Obligation.objects.none()
    # The ladder counts from the due date (its day 0 is the first day overdue), as the sweep does.
    latest_due = latest_anchor(1 + steps[0].days_overdue, today)
    found = obligation_register().filter(
        state__in=Obligation.WAITING_ON_UNIT, due_date__lte=latest_due
    )
    if unit_ids is not None:
        found = found.filter(responsible_unit_id__in=unit_ids)
    return found.order_by("due_date", "id")


@dataclass(frozen=True)
class UnitOverdue:
    count: int
    oldest: datetime.date


def overdue_by_unit(
    today: datetime.date, unit_ids: set[int] | None = None
) -> dict[int, UnitOverdue]:
    """Obligations overdue (the dashboard's compliance rule), counted per responsible unit with
    the oldest due date: one query."""
    overdue = Obligation.objects.filter(measures.compliance(measures.OVERDUE, today))
    if unit_ids is not None:
        overdue = overdue.filter(responsible_unit_id__in=unit_ids)
    rows = (
        overdue.values_list("responsible_unit")
        .annotate(n=Count("id"), oldest=Min("due_date"))
        .order_by()
    )
    return {unit_id: UnitOverdue(n, oldest) for unit_id, n, oldest in rows}
