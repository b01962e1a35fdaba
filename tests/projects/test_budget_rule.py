"""IATI's budget rule in the register: a revised line replaces the original of the same period
only, in the fiche's totals (Python) and in the dashboard's SQL alike."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import budgets
from projects.measures import counted_budget_lines
from projects.models import BudgetLine
from projects.selectors import budget_totals, project_register
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _line(project, kind, amount, start=None, end=None, currency="GBP"):
    return BudgetLine.objects.create(
        project=project,
        kind=kind,
        amount=Decimal(amount),
        currency=currency,
        period_start=start,
        period_end=end,
    )


def test_a_revision_replaces_only_the_original_of_its_own_period() -> None:
    # The shape of DFID's GB-1-109635-101: two revised quarters, three original ones.
    project = ProjectFactory.create()
    _line(project, "2", "0", D(2009, 4, 1), D(2009, 6, 30))
    _line(project, "2", "31832", D(2008, 4, 1), D(2008, 6, 30))
    _line(project, "1", "40000", D(2008, 4, 1), D(2008, 6, 30))  # replaced
    _line(project, "1", "31956", D(2007, 4, 1), D(2007, 6, 30))
    _line(project, "1", "48144", D(2006, 4, 1), D(2006, 6, 30))
    _line(project, "1", "58287", D(2005, 4, 1), D(2005, 6, 30))
    (fetched,) = project_register().filter(pk=project.pk)
    assert budget_totals(fetched) == {"GBP": Decimal("170219")}
    assert sum(line.amount for line in counted_budget_lines()) == Decimal("170219")


def test_an_undated_revision_replaces_only_the_undated_original() -> None:
    project = ProjectFactory.create()
    _line(project, "1", "100")
    _line(project, "2", "150")
    _line(project, "1", "70", D(2020, 1, 1), D(2020, 12, 31))
    (fetched,) = project_register().filter(pk=project.pk)
    assert budget_totals(fetched) == {"GBP": Decimal("220")}
    assert sorted(line.amount for line in counted_budget_lines()) == [70, 150]


_DATES = st.sampled_from([None, D(2020, 1, 1), D(2020, 6, 30), D(2020, 12, 31)])
_LINES = st.lists(st.tuples(st.sampled_from(["1", "2"]), _DATES, _DATES), max_size=6)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=_LINES)
def test_the_dashboard_sql_counts_the_same_lines_as_the_rule(lines) -> None:
    BudgetLine.objects.all().delete()
    project = ProjectFactory.create()
    made = [
        _line(project, kind, "1", start, max(start, end) if start and end else end)
        for kind, start, end in lines
    ]
    expected = budgets.counted(
        made, kind=lambda line: line.kind, period=lambda line: (line.period_start, line.period_end)
    )
    assert {line.pk for line in counted_budget_lines()} == {line.pk for line in expected}


@pytest.mark.parametrize(
    ("period_start", "actual_start", "planned_start", "expected"),
    [
        (D(2025, 3, 1), D(2024, 1, 1), D(2023, 1, 1), D(2025, 3, 1)),
        (None, D(2024, 1, 1), D(2023, 1, 1), D(2024, 1, 1)),
        (None, None, D(2023, 1, 1), D(2023, 1, 1)),
        (None, None, None, None),
    ],
)
def test_a_line_is_dated_alike_on_its_page_and_in_sql(
    period_start, actual_start, planned_start, expected
) -> None:
    """The project page converts a line at ``dated_on``; the register and the dashboard at the
    SQL ``dated``: one rule, ``BudgetLine.DATED_BY``."""
    project = ProjectFactory.create(actual_start=actual_start, planned_start=planned_start)
    line = _line(project, budgets.ORIGINAL, "10", start=period_start)
    assert line.dated_on() == expected
    assert counted_budget_lines().get(pk=line.pk).dated == expected  # type: ignore[attr-defined]
