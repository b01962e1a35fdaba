"""Reads of the project and obligation registers, with their joins done up front."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from core import budgets
from projects.models import (
    BudgetLine,
    Obligation,
    Project,
    ProjectParticipant,
    ProjectResult,
)


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


def commitment_reports_owed(unit_ids: set[int]) -> QuerySet[Obligation]:
    """What the units owe under commitments now (status reports, national reports), the
    earliest due first: the work a focal point's home page lists."""
    return (
        obligation_register()
        .filter(
            commitment__isnull=False,
            responsible_unit_id__in=unit_ids,
            state__in=Obligation.WAITING_ON_UNIT,
        )
        .order_by("due_date", "id")
    )
