"""What the dashboard counts in the registers, defined once: the register filters select the
same rows, so every figure opens as exactly the items behind it."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from projects.models import BudgetLine, Obligation, ObligationSubmission

# --- Obligation compliance ----------------------------------------------------------------

ON_TIME, LATE, OVERDUE = "on_time", "late", "overdue"
COMPLIANCE = (ON_TIME, LATE, OVERDUE)


def _reported_by_due() -> QuerySet[ObligationSubmission]:
    return ObligationSubmission.objects.filter(submitted_at__date__lte=F("due_date"))


def compliance(kind: str, today: datetime.date) -> Q:
    """Obligations with a due date reported on time, one reported late, or one overdue now.

    A due date counts as on time when a report for it came by that date (in local time), and
    as late when every report for it came after. One obligation may be both: it recurs.
    """
    if kind == OVERDUE:
        return Q(state__in=Obligation.WAITING_ON_UNIT, due_date__lt=today)
    if kind == ON_TIME:
        return Q(Exists(_reported_by_due().filter(obligation=OuterRef("pk"))))
    if kind == LATE:
        same_due_on_time = _reported_by_due().filter(
            obligation=OuterRef("obligation"), due_date=OuterRef("due_date")
        )
        late = ObligationSubmission.objects.filter(
            ~Exists(same_due_on_time),
            obligation=OuterRef("pk"),
            submitted_at__date__gt=F("due_date"),
        )
        return Q(Exists(late))
    raise ValueError(kind)


# --- Funding ------------------------------------------------------------------------------

ORIGINAL, REVISED = "1", "2"


def counted_budget_lines() -> QuerySet[BudgetLine]:
    """The budget lines that make up a project's funding: a revised budget replaces the
    original one, so original lines of a project with revised lines are left out. Each line
    carries ``year``: its period's start, else the project's start."""
    revised = BudgetLine.objects.filter(project=OuterRef("project"), kind=REVISED)
    return BudgetLine.objects.exclude(Q(kind=ORIGINAL) & Q(Exists(revised))).annotate(
        year=Coalesce(
            ExtractYear("period_start"),
            ExtractYear("project__actual_start"),
            ExtractYear("project__planned_start"),
            output_field=IntegerField(),
        )
    )


def funded_in(year: int | None = None, currency: str = "") -> Q:
    """Projects with counted budget in ``year`` and/or ``currency`` (both on the same line)."""
    lines = counted_budget_lines().filter(project=OuterRef("pk"))
    if year is not None:
        lines = lines.filter(year=year)  # type: ignore[misc]  # an annotation
    if currency:
        lines = lines.filter(currency=currency)
    return Q(Exists(lines))
