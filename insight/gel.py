"""The dashboard's funding in lari: the project register's counted budgets by year and in
all, each line at the National Bank's rate of its date (``projects.budget_gel``), with the
original amounts beside. A year lacking a rate names the currency and date instead of a sum."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from insight.figures import link
from projects import measures
from projects.models import BudgetLine
from rates.convert import GelTotal, Money, totals_in_gel

ALL = "all"


@dataclass
class FundingInGel:
    total: GelTotal
    # (year, its total, the register filtered to it); a line with no year is left out here
    # but counted in ``total``.
    years: list[tuple[int, GelTotal, str]] = field(default_factory=list)


def funding_in_gel(lines: QuerySet[BudgetLine] | None = None) -> FundingInGel:
    """``lines``: counted budget lines (``projects.measures.counted_budget_lines``, which
    dates each line) to convert; the dashboard's scope narrows them. By default every
    project's. Two queries: the lines, then their rates."""
    if lines is None:
        lines = measures.counted_budget_lines()
    rows = lines.values_list("year", "amount", "currency", "dated").order_by()  # type: ignore[misc]  # annotations
    groups: dict[Any, list[Money]] = {ALL: []}
    for year, amount, currency, on in rows:
        money = Money(amount, currency, on)
        groups[ALL].append(money)
        if year is not None:
            groups.setdefault(year, []).append(money)
    totals = totals_in_gel(groups)
    return FundingInGel(
        total=totals.pop(ALL),
        years=[(year, totals[year], link("projects", year=year)) for year in sorted(totals)],
    )
