"""Reads of the project and obligation registers, with their joins done up front."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum

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


def budget_totals(project: Project) -> dict[str, Decimal]:
    """The project's budget summed per currency (budgets are not converted)."""
    rows = (
        BudgetLine.objects.filter(project=project)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return {row["currency"]: row["total"] for row in rows}


def obligation_register() -> QuerySet[Obligation]:
    return Obligation.objects.select_related("project", "responsible_unit")
