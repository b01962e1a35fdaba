"""What the dashboard counts in the registers, defined once: the register filters select the
same rows, so every figure opens as exactly the items behind it."""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from core import budgets
from projects.models import BudgetLine, Obligation, ObligationSubmission, ProjectParticipant

# --- Obligation compliance ----------------------------------------------------------------

ON_TIME, LATE, OVERDUE = "on_time", "late", "overdue"
COMPLIANCE = (ON_TIME, LATE, OVERDUE)


def _reported_by_due() -> QuerySet[ObligationSubmission]:
    return ObligationSubmission.objects.filter(submitted_at__date__lte=F("due_date"))


def _due_within(start: datetime.date | None, end: datetime.date | None) -> Q:
    """Due dates from ``start`` to ``end`` (either open)."""
    return Q(
        *([Q(due_date__gte=start)] if start else []),
        *([Q(due_date__lte=end)] if end else []),
    )


def compliance(
    kind: str,
    today: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Q:
    """Obligations with a due date reported on time, one reported late, or one overdue now;
    only due dates from ``start`` to ``end`` when given.

    A due date counts as on time when a report for it came by that date (in local time), and
    as late when every report for it came after. One obligation may be both: it recurs.
    """
    within = _due_within(start, end)
    if kind == OVERDUE:
        return Q(within, state__in=Obligation.WAITING_ON_UNIT, due_date__lt=today)
    if kind == ON_TIME:
        return Q(Exists(_reported_by_due().filter(within, obligation=OuterRef("pk"))))
    if kind == LATE:
        same_due_on_time = _reported_by_due().filter(
            obligation=OuterRef("obligation"), due_date=OuterRef("due_date")
        )
        late = ObligationSubmission.objects.filter(
            ~Exists(same_due_on_time),
            within,
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


# A project's funding is counted once, under one unit and one donor: the unit that implements
# it, else the one accountable, extending or taking part (in that order), and the first funding
# donor recorded. Participants record no shares, so a budget is never split between them.
_UNIT_ROLES = (
    ProjectParticipant.Role.IMPLEMENTING,
    ProjectParticipant.Role.ACCOUNTABLE,
    ProjectParticipant.Role.EXTENDING,
    ProjectParticipant.Role.PARTNER,
)


def lead_unit(project: str = "pk") -> Subquery:
    """The unit a project's funding is counted under (``project``: the outer project column)."""
    rank = Case(
        *(When(role=role, then=Value(n)) for n, role in enumerate(_UNIT_ROLES)),
        default=Value(len(_UNIT_ROLES)),
        output_field=IntegerField(),
    )
    units = ProjectParticipant.objects.filter(project=OuterRef(project), unit__isnull=False)
    return Subquery(units.annotate(rank=rank).order_by("rank", "id").values("unit")[:1])


def lead_donor(project: str = "pk") -> Subquery:
    """The donor a project's funding is counted under: its first funding donor recorded."""
    funders = ProjectParticipant.objects.filter(
        project=OuterRef(project), role=ProjectParticipant.Role.FUNDING, donor__isnull=False
    )
    return Subquery(funders.order_by("id").values("donor")[:1])


def counted_budget_lines() -> QuerySet[BudgetLine]:
    """The budget lines that make up a project's funding, by ``core.budgets.counted``: an
    original line is left out when a revised line of the same project covers the same period
    (both undated counts as the same). Each line carries ``dated``: its period's start, else
    the project's start, and ``year``, that date's year."""
    revised = BudgetLine.objects.annotate(
        start_key=_period_side("period_start"), end_key=_period_side("period_end")
    ).filter(
        project=OuterRef("project"),
        kind=budgets.REVISED,
        start_key=_period_side("period_start", outer=True),
        end_key=_period_side("period_end", outer=True),
    )
    return BudgetLine.objects.exclude(Q(kind=budgets.ORIGINAL) & Q(Exists(revised))).annotate(
        dated=Coalesce(*BudgetLine.DATED_BY, output_field=DateField()),
        year=ExtractYear("dated"),
    )


def funded_in(
    year: int | None = None,
    currency: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Q:
    """Projects with counted budget in ``year`` and/or ``currency``, dated from ``start`` to
    ``end`` (all on the same line)."""
    lines = counted_budget_lines().filter(project=OuterRef("pk"))
    if year is not None:
        lines = lines.filter(year=year)  # type: ignore[misc]  # an annotation
    if currency:
        lines = lines.filter(currency=currency)
    if start:
        lines = lines.filter(dated__gte=start)  # type: ignore[misc]  # an annotation
    if end:
        lines = lines.filter(dated__lte=end)  # type: ignore[misc]  # an annotation
    return Q(Exists(lines))
