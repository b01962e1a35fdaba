"""What a unit owes on the plan, as its home page and the department's overdue table read it:
the quarter the sweeps chase, and every quarter of this year's plan left unreported after its
chase ended (still missing, so still owed and overdue); nothing once the activity is finished."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from actionplans.models import Activity
from actionplans.quarters import report_due
from actionplans.selectors import statuses_overdue_by_unit, statuses_owed
from actionplans.services import activity_report

pytestmark = pytest.mark.django_db
D = datetime.date


def _owed(unit, today: datetime.date) -> list[tuple[str, int]]:
    return [(row.activity.number, row.quarter) for row in statuses_owed({unit.pk}, today)]


def test_a_missed_quarter_stays_owed_and_overdue_after_its_chase_ends(
    activity: Activity, unit, focal_point
) -> None:
    with time_machine.travel(datetime.datetime(2027, 4, 12, 10, tzinfo=datetime.UTC)):
        activity_report(
            activity=activity, user=focal_point, quarter=1, status="in_progress", progress="x"
        )
    # 28 November 2027: the second and third quarters' chases ended unanswered, the fourth is
    # under way and chased.
    today = D(2027, 11, 28)
    assert activity.chased_quarter(today) == 4
    assert [q for number, q in _owed(unit, today) if number == activity.number] == [2, 3, 4]
    late = statuses_overdue_by_unit(today)[unit.pk]
    assert {(row.activity.number, row.quarter) for row in late} >= {
        (activity.number, 2),
        (activity.number, 3),
    }
    assert all(row.due < today for row in late)
    assert min(row.due for row in late if row.activity == activity) == report_due(2027, 2)

    # Reported late, the missed quarter is owed no more.
    with time_machine.travel(datetime.datetime(2027, 11, 28, 10, tzinfo=datetime.UTC)):
        activity_report(
            activity=activity, user=focal_point, quarter=2, status="in_progress", progress="x"
        )
    assert [q for number, q in _owed(unit, today) if number == activity.number] == [3, 4]


def test_last_years_plan_owes_only_the_quarter_still_chased(activity: Activity, unit) -> None:
    # January 2028: the 2027 plan's fourth quarter is chased; its missed quarters are history.
    assert [q for number, q in _owed(unit, D(2028, 1, 8)) if number == activity.number] == [4]
    assert _owed(unit, D(2028, 3, 1)) == []


def test_a_finished_activity_owes_nothing(activity: Activity, unit, focal_point) -> None:
    with time_machine.travel(datetime.datetime(2027, 7, 12, 10, tzinfo=datetime.UTC)):
        activity_report(activity=activity, user=focal_point, quarter=2, status="done", progress="x")
    owed = _owed(unit, D(2027, 11, 28))
    assert activity.number not in {number for number, _ in owed}
    # The other activity, never reported on, owes every quarter of the year.
    assert [q for number, q in owed if number != activity.number] == [1, 2, 3, 4]
