"""Two sweeps at once on PostgreSQL (a double beat tick, two workers): each reminder once."""

from __future__ import annotations

import datetime
import threading
from typing import cast

import pytest
import time_machine
from django.db import connection, connections

from notifications.models import Notification
from reminders.tasks import run_all
from tests.reminders.conftest import at

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking"),
]
D = datetime.date


def test_two_sweeps_at_once_send_each_reminder_once(
    make_obligation, make_opportunity, focal_point, coordinator, minister
) -> None:
    with time_machine.travel(at(2026, 11, 1), tick=False):
        for day in range(1, 11):
            make_obligation(due_date=D(2026, 11, day + 5), description=f"ანგარიში {day}")
    for n in range(10):
        opportunity = make_opportunity(
            state="identified", application_deadline=D(2026, 11, 28 + n % 3)
        )
        with time_machine.travel(at(2026, 11, 21), tick=False):
            opportunity.plan_reminders()
            opportunity.save()

    start = threading.Barrier(2, timeout=20)
    results: list[object] = [None, None]

    def sweep(index: int) -> None:
        try:
            with time_machine.travel(at(2026, 11, 21, 9, 30), tick=False):
                start.wait()
                results[index] = run_all()
        except Exception as error:  # asserted below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(result, dict) for result in results), results
    swept = cast(list[dict[str, int]], results)
    claimed = sum(r["deadline guard"] + r["obligation escalations"] for r in swept)
    assert claimed == 20  # every row claimed by exactly one of the two
    escalations = Notification.objects.filter(kind="obligation.escalation", email=focal_point.email)
    deadlines = Notification.objects.filter(kind="opportunity.deadline", email=focal_point.email)
    assert escalations.count() == 10 and deadlines.count() == 10
    keys = list(Notification.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys))
