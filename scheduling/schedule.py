"""When reminders fall due: pure date arithmetic, no database.

Every reminder series is a list of day offsets from an anchor date (a deadline, a due date).
Offsets count calendar days, or working days (no weekends, no Georgian public holidays) when
``REMINDERS_WORKING_DAYS`` is on. Reminders go out at ``REMINDERS_TIME`` on their day.
"""

from __future__ import annotations

import datetime
from functools import cache

import holidays
from django.conf import settings
from django.utils import timezone


@cache
def _georgian_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GE", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _georgian_holidays(day.year)


def shift(day: datetime.date, days: int) -> datetime.date:
    """``days`` after ``day`` (before it when negative), in calendar or working days. At the
    ends of the calendar (years 1 and 9999) it stops at the first or last day, not failing."""
    try:
        if not settings.REMINDERS_WORKING_DAYS:
            return day + datetime.timedelta(days=days)
        step = datetime.timedelta(days=1 if days >= 0 else -1)
        remaining = abs(days)
        while remaining:
            day += step
            if is_working_day(day):
                remaining -= 1
        if days == 0:  # "on the day" of a weekend deadline means the working day before it
            while not is_working_day(day):
                day -= datetime.timedelta(days=1)
    except OverflowError:
        return datetime.date.max if days >= 0 else datetime.date.min
    return day


def at_reminder_time(day: datetime.date) -> datetime.datetime:
    hour, minute = (int(part) for part in settings.REMINDERS_TIME.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
