"""Sweeps work a batch at a time: the queries a sweep runs do not grow with the rows due, and a
row that fails in a batch costs only itself."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, NotificationPreference
from projects.models import ProjectParticipant
from reminders import runner
from reminders.digests import DAILY_DIGEST
from reminders.sweeps import SWEEPS
from tests.factories import MeetingFactory, ProjectFactory, UserFactory
from tests.reminders.conftest import at
from workflow.models import AgendaItem, Opportunity

pytestmark = pytest.mark.django_db
D = datetime.date


def sweep_named(name: str) -> runner.Sweep:
    return next(sweep for sweep in (*SWEEPS, DAILY_DIGEST) if sweep.name == name)


def queries_of_sweep(sweep: runner.Sweep, now: datetime.datetime) -> tuple[int, list[str]]:
    """Rows claimed and queries run by one sweep at ``now``, from a cold content-type cache."""
    ContentType.objects.clear_cache()
    with time_machine.travel(now, tick=False), CaptureQueriesContext(connection) as queries:
        claimed = runner.run(sweep, now)
    return claimed, [query["sql"] for query in queries.captured_queries]


def outbox_inserts(queries: list[str]) -> int:
    return sum(1 for sql in queries if sql.startswith("INSERT") and "notifications_" in sql)


def statements_for(rows: int) -> int:
    """The INSERTs Django's ``bulk_create`` writes ``rows`` notifications in: one per 1,000 on
    PostgreSQL; SQLite's are capped at 999 parameters (66 rows) by Django 5.2."""
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    per_statement = min(1000, connection.ops.bulk_batch_size(fields, [None] * rows) or rows)
    return -(-rows // per_statement)


# Each case makes ``count`` rows due at ``now`` for one sweep, spread over two units.
Maker = Callable[[int, dict[str, Any]], None]


def _obligations(count: int, made: dict[str, Any]) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        for n in range(count):
            made["make_obligation"](
                due_date=D(2027, 1, 31),
                description=f"ანგარიში {made['round']}-{n}",
                responsible_unit=made["units"][n % 2],
            )


def _deadlines(count: int, made: dict[str, Any]) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        for n in range(count):
            opportunity = made["make_opportunity"](
                state="identified",
                application_deadline=D(2026, 11, 25 + n % 3),
                owning_unit=made["units"][n % 2],
            )
            opportunity.plan_reminders()
            opportunity.save()


def _reports(count: int, made: dict[str, Any]) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        for n in range(count):
            project = ProjectFactory.create(next_report_due=D(2026, 12, 31))
            for unit in made["units"][: 1 + n % 2]:
                ProjectParticipant.objects.create(project=project, role="4", unit=unit)
            project.plan_report_reminder()
            project.save()


def _agendas(count: int, made: dict[str, Any]) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        for n in range(count):
            # The second round meets a day later, when the first round's agendas are out.
            starts_at = at(2026, 11, 30, 11) + datetime.timedelta(days=int(made["round"] > 5))
            meeting = MeetingFactory.create(created_by=made["coordinator"], starts_at=starts_at)
            meeting.attendee_units.add(made["units"][n % 2])
            opportunity = made["make_opportunity"](owning_unit=made["units"][(n + 1) % 2])
            AgendaItem.objects.create(meeting=meeting, opportunity=opportunity)
            meeting.plan_agenda_reminder()
            meeting.save()


def _minutes(count: int, made: dict[str, Any]) -> None:
    for n in range(count):
        meeting = MeetingFactory.create(
            created_by=made["coordinator"], minutes_due_at=at(2026, 11, 30)
        )
        meeting.attendee_units.add(made["units"][n % 2])
        opportunity = made["make_opportunity"](owning_unit=made["units"][(n + 1) % 2])
        AgendaItem.objects.create(meeting=meeting, opportunity=opportunity, outcome="presented")


def _digests(count: int, made: dict[str, Any]) -> None:
    for n in range(count):
        person = UserFactory.create(username=f"reader-{made['round']}-{n}")
        NotificationPreference.objects.create(
            user=person, daily_digest=True, next_digest_at=at(2026, 11, 22, 8, 30)
        )
        with time_machine.travel(at(2026, 11, 21), tick=False):
            Notification.objects.create(
                recipient=person,
                email=person.email,
                kind="obligation.reminder",
                status=Notification.Status.HELD,
                context={"project": "პროექტი", "obligation": "ანგარიში", "days_left": 7},
                dedupe_key=f"held-{person.pk}",
            )


CASES: dict[str, tuple[Maker, datetime.datetime]] = {
    "obligation escalations": (_obligations, at(2027, 2, 1, 9, 30)),
    # Four days overdue: the ladder's second step, the unit's head too.
    "obligation escalations, second step": (_obligations, at(2027, 2, 4, 9, 30)),
    "obligation reminders": (_obligations, at(2027, 1, 24, 9, 30)),
    "deadline guard": (_deadlines, at(2026, 11, 21, 9, 30)),
    "progress reports": (_reports, at(2027, 1, 1, 9, 30)),
    "meeting agendas": (_agendas, at(2026, 11, 29, 9, 30)),
    "meeting minutes": (_minutes, at(2026, 11, 30, 9, 30)),
    "daily digests": (_digests, at(2026, 11, 22, 9, 0)),
}


@pytest.mark.parametrize("name", CASES)
def test_a_sweep_runs_as_many_queries_for_50_due_rows_as_for_5(
    name,
    make_obligation,
    make_opportunity,
    unit,
    other_unit,
    focal_point,
    other_unit_focal_point,
    coordinator,
    minister,
    unit_head,
    department_head,
) -> None:
    make, now = CASES[name]
    sweep = sweep_named(name.split(",")[0])
    made = {
        "make_obligation": make_obligation,
        "make_opportunity": make_opportunity,
        "units": [unit, other_unit],
        "coordinator": coordinator,
    }
    counted = []
    for size in (5, 50):
        made["round"] = size
        make(size, made)
        before = Notification.objects.count()
        claimed, queries = queries_of_sweep(sweep, now)
        written = Notification.objects.count() - before
        assert claimed == size and written >= size  # every row told someone
        # The outbox's rows go in as few INSERTs as the database takes them in.
        assert outbox_inserts(queries) == statements_for(written)
        counted.append(len(queries) - outbox_inserts(queries))
        now += datetime.timedelta(days=1 if name == "meeting agendas" else 0)
    assert counted[0] == counted[1], f"5 rows: {counted[0]} queries, 50 rows: {counted[1]}"
    assert counted[1] <= 12


# --- A failing row -----------------------------------------------------------------------------


def test_a_row_failing_in_a_batch_moves_an_hour_on_and_the_others_are_sent(
    make_opportunity, focal_point
) -> None:
    opportunities = []
    with time_machine.travel(at(2026, 11, 21), tick=False):
        for n in range(6):
            opportunity = make_opportunity(
                state="identified", application_deadline=D(2026, 11, 25 + n % 3)
            )
            opportunity.plan_reminders()
            opportunity.save()
            opportunities.append(opportunity)
    broken = opportunities[2]
    sweep = sweep_named("deadline guard")

    def fire(opportunity: Opportunity, now: datetime.datetime) -> runner.Firing:
        if opportunity.pk == broken.pk:
            raise RuntimeError("a broken row")
        return sweep.fire(opportunity, now)

    patched = runner.Sweep(
        sweep.name, sweep.model, sweep.due_field, fire, sweep.unchanged, sweep.related
    )
    now = at(2026, 11, 21, 9, 30)
    with time_machine.travel(now, tick=False), pytest.raises(runner.SweepFailed) as failed:
        runner.run(patched, now)
    assert f"{broken.pk}: a broken row" in str(failed.value)

    broken.refresh_from_db()
    assert broken.deadline_alert_at == now + datetime.timedelta(hours=1)
    told = Notification.objects.filter(kind="opportunity.deadline", email=focal_point.email)
    assert sorted(cast(list[int], list(told.values_list("object_id", flat=True)))) == sorted(
        o.pk for o in opportunities if o.pk != broken.pk
    )
    for opportunity in opportunities:
        if opportunity.pk != broken.pk:
            opportunity.refresh_from_db()
            assert opportunity.deadline_alert_at is not None
            assert opportunity.deadline_alert_at > now  # moved on to its next mark

    # An hour later the row is tried again, and the others are not sent twice.
    later = now + datetime.timedelta(hours=1, minutes=15)
    with time_machine.travel(later, tick=False):
        assert runner.run(sweep, later) == 1
    assert told.count() == 6


def test_a_failing_insert_rolls_the_batch_back_and_its_rows_are_handled_one_by_one(
    make_obligation, focal_point, monkeypatch
) -> None:
    """A batch whose write fails claims nothing: its rows are claimed and written again one at
    a time, so the rows that can be written are, exactly once."""
    with time_machine.travel(at(2026, 11, 21), tick=False):
        obligations = [
            make_obligation(due_date=D(2027, 1, 31), description=f"ანგარიში {n}") for n in range(4)
        ]
    broken = obligations[1]
    original = runner.notifications_enqueue_many

    def enqueue(events):
        events = list(events)
        if any(event.item.pk == broken.pk for event in events):
            raise RuntimeError("the outbox refused a row")
        return original(events)

    monkeypatch.setattr(runner, "notifications_enqueue_many", enqueue)
    now = at(2027, 2, 1, 9, 30)
    with time_machine.travel(now, tick=False), pytest.raises(runner.SweepFailed):
        runner.run(sweep_named("obligation escalations"), now)
    escalated = Notification.objects.filter(kind="obligation.escalation", email=focal_point.email)
    assert sorted(cast(list[int], list(escalated.values_list("object_id", flat=True)))) == sorted(
        o.pk for o in obligations if o.pk != broken.pk
    )
    broken.refresh_from_db()
    assert broken.next_escalation_at == now + datetime.timedelta(hours=1)


def test_a_row_moved_to_a_time_still_due_is_handled_once_and_the_run_ends(
    make_opportunity, focal_point
) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        opportunity = make_opportunity(state="identified", application_deadline=D(2026, 11, 25))
        opportunity.plan_reminders()
        opportunity.save()
    sweep = sweep_named("deadline guard")
    now = at(2026, 11, 21, 9, 30)

    def fire(item: Opportunity, moment: datetime.datetime) -> runner.Firing:
        firing = sweep.fire(item, moment)
        return runner.Firing(moment - datetime.timedelta(minutes=1), firing.messages)

    patched = runner.Sweep(
        sweep.name, sweep.model, sweep.due_field, fire, sweep.unchanged, sweep.related
    )
    with time_machine.travel(now, tick=False):
        assert runner.run(patched, now, limit=1) == 1  # claimed once, and the run ended
    told = Notification.objects.filter(kind="opportunity.deadline")
    assert told.values("object_id").distinct().count() == 1
