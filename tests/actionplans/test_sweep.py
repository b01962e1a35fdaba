"""The activity sweep under a frozen clock: each quarter's status is chased on its marks, told
once per mark however often the sweep runs, to the coordinators too once it is late; a quarter
reported, or an activity finished, is chased no more; a batch costs the same queries for 5
activities as for 50."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans.models import ActionPlan, Activity
from actionplans.quarters import report_due
from actionplans.services import activity_add, activity_report
from notifications.models import Notification
from reminders import runner
from reminders.sweeps import ACTIVITY_SWEEPS
from reminders.tasks import run_all
from tests.reminders.conftest import at, sent_to

pytestmark = pytest.mark.django_db
D = datetime.date
SWEEP = ACTIVITY_SWEEPS[0]
KIND = "activity.report_due"


def sweep_at(moment: datetime.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return run_all()["activity reports"]


def test_the_first_quarter_is_due_ten_working_days_after_it_ends() -> None:
    # 31 March 2027 is a Wednesday; 9 April (National Unity Day) is a holiday.
    assert report_due(2027, 1) == D(2027, 4, 15)
    # 1, 2 and 7 January are holidays: the tenth working day is Monday 17 January.
    assert report_due(2027, 4) == D(2028, 1, 17)


def test_the_due_column_is_the_first_mark_of_the_first_quarter(activity) -> None:
    assert activity.next_report_at == at(2027, 4, 10, 9, 0)  # five days before 15 April


def test_each_mark_tells_the_unit_once_and_the_coordinators_once_it_is_late(
    activity, focal_point, coordinator, unit_mailbox
) -> None:
    assert sweep_at(at(2027, 4, 9)) == 0
    assert sweep_at(at(2027, 4, 10)) == 2  # both activities of the academy
    assert sweep_at(at(2027, 4, 10, 12)) == 0  # a second tick: nothing
    told = Notification.objects.filter(kind=KIND, object_id=activity.pk)
    assert sorted(told.values_list("email", flat=True)) == sorted([focal_point.email, unit_mailbox])
    first = told.get(email=focal_point.email)
    assert first.context["days_left"] == 5 and first.context["quarter"] == 1
    assert first.context["activity"].startswith("1.1.1. ")

    sweep_at(at(2027, 4, 15))  # due today: the unit again
    sweep_at(at(2027, 4, 16))  # a day late: the coordinators too
    assert told.filter(email=coordinator.email).count() == 1
    assert told.filter(email=focal_point.email).count() == 3
    late = told.get(email=coordinator.email)
    assert late.context["days_left"] == -1


def test_a_sweep_down_for_days_sends_one_message_for_where_things_stand(
    activity, focal_point
) -> None:
    sweep_at(at(2027, 4, 20))
    rows = Notification.objects.filter(kind=KIND, object_id=activity.pk, email=focal_point.email)
    assert list(rows.values_list("context__days_left", flat=True)) == [-5]


def test_a_reported_quarter_moves_the_chase_to_the_next_quarter(activity, focal_point) -> None:
    sweep_at(at(2027, 4, 10))
    with time_machine.travel(at(2027, 4, 12), tick=False):
        activity_report(
            activity=activity, user=focal_point, quarter=1, status="in_progress", progress="x"
        )
    activity.refresh_from_db()
    # The second quarter is due on 14 July 2027; its first mark five days before.
    assert report_due(2027, 2) == D(2027, 7, 14)
    assert activity.next_report_at == at(2027, 7, 9, 9, 0)
    sweep_at(at(2027, 4, 16))
    assert not Notification.objects.filter(
        kind=KIND, object_id=activity.pk, context__days_left=-1
    ).exists()


def test_a_quarter_left_unreported_is_chased_to_its_last_mark_then_the_next_quarter_is(
    activity, focal_point
) -> None:
    for day in (10, 15, 16, 23):
        sweep_at(at(2027, 4, day))
    activity.refresh_from_db()
    assert activity.next_report_at == at(2027, 7, 9, 9, 0)
    sweep_at(at(2027, 7, 9))
    second = Notification.objects.filter(kind=KIND, object_id=activity.pk, context__quarter=2)
    assert second.filter(email=focal_point.email).count() == 1


def test_a_finished_activity_is_chased_no_more(activity, focal_point) -> None:
    with time_machine.travel(at(2027, 4, 12), tick=False):
        activity_report(activity=activity, user=focal_point, quarter=1, status="done", progress="x")
    activity.refresh_from_db()
    assert activity.next_report_at is None
    sweep_at(at(2027, 7, 9))
    assert not Notification.objects.filter(kind=KIND, object_id=activity.pk).exists()


def test_the_fourth_quarter_ends_the_chase(activity) -> None:
    for quarter in (1, 2, 3, 4):
        due = report_due(2027, quarter)
        sweep_at(at(due.year, due.month, due.day) + datetime.timedelta(days=8))
    activity.refresh_from_db()
    assert activity.next_report_at is None
    quarters = Notification.objects.filter(kind=KIND, object_id=activity.pk).values_list(
        "context__quarter", flat=True
    )
    assert sorted(set(quarters)) == [1, 2, 3, 4]


def test_an_old_plan_nobody_reported_on_is_not_chased(unit, coordinator) -> None:
    from actionplans.services import plan_create, section_add

    with time_machine.travel(at(2027, 1, 5), tick=False):
        plan = plan_create(user=coordinator, fields={"year": 2017, "title": "2017"})
        section = section_add(plan=plan, user=coordinator, number="1.1", title="s")
        old = activity_add(
            plan=plan,
            user=coordinator,
            fields={"section": section, "number": "1.1.1", "text": "t", "responsible_unit": unit},
        )
    assert old.next_report_at is None


# --- A batch ---------------------------------------------------------------------------------------


def _activities(plan: ActionPlan, count: int, units, coordinator, start: int) -> None:
    section = plan.sections.get(number="1.2")
    with time_machine.travel(at(2027, 1, 5), tick=False):
        for n in range(count):
            activity_add(
                plan=plan,
                user=coordinator,
                fields={
                    "section": section,
                    "number": f"1.2.{start + n}",
                    "text": f"საქმიანობა {n}",
                    "responsible_unit": units[n % 2],
                },
            )


def queries_of_sweep(now: datetime.datetime) -> tuple[int, int]:
    ContentType.objects.clear_cache()
    with time_machine.travel(now, tick=False), CaptureQueriesContext(connection) as queries:
        claimed = runner.run(SWEEP, now)
    inserts = sum(
        1
        for query in queries.captured_queries
        if query["sql"].startswith("INSERT") and "notifications_" in query["sql"]
    )
    return claimed, len(queries.captured_queries) - inserts


def test_the_sweep_runs_as_many_queries_for_50_activities_as_for_5(
    plan, unit, other_unit, coordinator, focal_point, other_unit_focal_point
) -> None:
    Activity.objects.filter(plan=plan).update(next_report_at=None)
    counted = []
    for size, start, now in ((5, 10, at(2027, 4, 16)), (50, 100, at(2027, 4, 17))):
        _activities(plan, size, [unit, other_unit], coordinator, start)
        claimed, queries = queries_of_sweep(now)
        assert claimed == size
        counted.append(queries)
    assert counted[0] == counted[1], counted
    assert counted[1] <= 12
    assert set(sent_to(KIND)) >= {focal_point.email, other_unit_focal_point.email}


def test_plan_reminders_replans_the_activities_after_the_rules_change(activity, settings) -> None:
    from io import StringIO

    from django.core.management import call_command

    settings.REMINDERS = {"activity_report_days": (-2, 0)}
    with time_machine.travel(at(2027, 1, 6), tick=False):
        out = StringIO()
        call_command("plan_reminders", stdout=out)
    activity.refresh_from_db()
    assert activity.next_report_at == at(2027, 4, 13, 9, 0)
    assert "2 plan activities" in out.getvalue()
