"""The demo's year as it was lived: what people did on each day, done in date order with the
clock set back to that day (time_machine), and the reminder sweeps run every working morning
in between, so time in each state, reminders, escalations and minutes carry the dates real work
would have left.

Everything is counted back from the load day and drawn from a seeded random generator, so a
demo loaded next year looks the same.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
import random
from collections.abc import Callable
from functools import partial

import time_machine
from django.db.models import F
from django.utils import timezone

from notifications.models import Notification
from reminders import runner
from reminders.digests import DAILY_DIGEST, send_weekly_digest
from reminders.sweeps import ACTIVITY_SWEEPS, SWEEPS
from scheduling.schedule import at_reminder_time, is_working_day

Action = Callable[[], None]

# The hour people do things at, unless an entry says otherwise (the sweeps run at the
# reminder time, before it).
WORKING_HOUR = 11


class Diary:
    """Things people did, each on its day; ``run`` does them in date order."""

    def __init__(self, today: datetime.date, seed: int = 20) -> None:
        self.today = today
        self.random = random.Random(seed)
        self._entries: list[tuple[datetime.datetime, int, Action]] = []
        self._order = itertools.count()

    def ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def last_day(self) -> datetime.date:
        """The latest day anything is written on: yesterday (the load day is today)."""
        return self.ago(1)

    def working_day(self, day: datetime.date, *, before: bool = False) -> datetime.date:
        """``day``, or the nearest working day after it (before it, with ``before``)."""
        step = datetime.timedelta(days=-1 if before else 1)
        while not is_working_day(day):
            day += step
        return day

    def later(self, day: datetime.date, low: int, high: int) -> datetime.date:
        """A working day ``low``..``high`` days after ``day``, never after yesterday."""
        drawn = self.working_day(day + datetime.timedelta(days=self.random.randint(low, high)))
        return min(drawn, self.last_day())

    def on(self, day: datetime.date, action: Action, *, hour: int = WORKING_HOUR) -> None:
        """Do ``action`` on ``day`` (in the past) at ``hour``; same-moment entries keep the
        order they were written in."""
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
        heapq.heappush(self._entries, (moment, next(self._order), action))

    def __len__(self) -> int:
        return len(self._entries)

    def run(self) -> int:
        """Do every entry in date order, the reminder sweeps every working morning from the
        first entry to yesterday; return how many sweeps ran.

        Mail about the past went out when it happened: rows the year wrote are marked sent at
        their own moment, so loading the demo mails nobody about last spring."""
        if not self._entries:
            return 0
        # Beat ran through the year (what happened before it, such as the first reports of a
        # commitment recorded years ago, is history without reminders).
        first = max(timezone.localdate(self._entries[0][0]), self.ago(365))
        day, sweeps, week = first, 0, (0, 0)
        while day <= self.last_day():
            if is_working_day(day):
                weekly = day.isocalendar()[:2] != week
                week = day.isocalendar()[:2]
                sweep: Action = partial(self._sweep, weekly)
                heapq.heappush(self._entries, (at_reminder_time(day), next(self._order), sweep))
                sweeps += 1
            day += datetime.timedelta(days=1)
        while self._entries:
            moment, _, action = heapq.heappop(self._entries)
            with time_machine.travel(moment, tick=False):
                action()
        today_began = timezone.make_aware(datetime.datetime.combine(self.today, datetime.time()))
        Notification.objects.filter(
            status=Notification.Status.PENDING, created_at__lt=today_began
        ).update(status=Notification.Status.SENT, sent_at=F("created_at"))
        return sweeps

    @staticmethod
    def _sweep(weekly: bool) -> None:
        """Beat's morning: each sweep that has a row due runs (``reminders.tasks.run_all`` runs
        them all; asking first spares the year's quiet mornings), and the weekly digest on the
        week's first working day."""
        now = timezone.now()
        for sweep in (*SWEEPS, *ACTIVITY_SWEEPS, DAILY_DIGEST):
            due = {f"{sweep.due_field}__lte": now}
            if sweep.model._default_manager.filter(**due).exists():
                runner.run(sweep, now)
        if weekly:
            send_weekly_digest(now)
