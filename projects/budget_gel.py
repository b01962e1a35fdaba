"""Project budgets in lari, at the National Bank's rate of each budget line's date: the start
of its period, else the project's start (actual, then planned). The original amounts always
go with the lari (``rates.convert.GelTotal``), and a total lacking a rate names it."""

from __future__ import annotations

from django.db.models import QuerySet

from projects import measures
from projects.models import BudgetLine, Project
from projects.selectors import counted_lines
from rates.convert import Converted, GelTotal, Money, to_gel_many, total_in_gel


def line_money(line: BudgetLine) -> Money:
    return Money(line.amount, line.currency, line.dated_on())


def project_lines_in_gel(project: Project) -> list[tuple[BudgetLine, Converted]]:
    """Each of the project's budget lines (prefetched) with its amount in lari, or what lacks."""
    lines = list(project.budget_lines.all())
    converted = to_gel_many([line_money(line) for line in lines])
    return list(zip(lines, converted, strict=True))


def project_total_in_gel(project: Project) -> GelTotal:
    """The counted budget (a revised line replaces the original of its period) in lari."""
    return total_in_gel([line_money(line) for line in counted_lines(project)])


def selection_total_in_gel(projects: QuerySet[Project]) -> GelTotal:
    """The counted budget of every project selected, in lari: two queries, whatever the
    number of projects (the lines, then the rates they need)."""
    lines = (
        measures.counted_budget_lines()
        .filter(project__in=projects)
        .values_list("amount", "currency", "dated")  # type: ignore[misc]  # an annotation
        .order_by()
    )
    return total_in_gel([Money(amount, currency, on) for amount, currency, on in lines])
