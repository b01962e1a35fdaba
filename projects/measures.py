"""What the dashboard counts in the registers, defined once: the register filters select the
same rows, so every figure opens as exactly the items behind it."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, ExtractYear

from core import budgets
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

# Stands for "no date" when periods are compared: entered dates lie within 1990–2100.
_UNDATED = datetime.date(1, 1, 1)


def _period_side(name: str, outer: bool = False) -> Coalesce:
    return Coalesce(OuterRef(name) if outer else F(name), Value(_UNDATED))


def counted_budget_lines() -> QuerySet[BudgetLine]:
    """The budget lines that make up a project's funding, by ``core.budgets.counted``: an
    original line is left out when a revised line of the same project covers the same period
    (both undated counts as the same). Each line carries ``year``: its period's start, else
    the project's start."""
    revised = BudgetLine.objects.annotate(
        start_key=_period_side("period_start"), end_key=_period_side("period_end")
    ).filter(
        project=OuterRef("project"),
        kind=budgets.REVISED,
        start_key=_period_side("period_start", outer=True),
        end_key=_period_side("period_end", outer=True),
    )
    return BudgetLine.objects.exclude(Q(kind=budgets.ORIGINAL) & Q(Exists(revised))).annotate(
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
