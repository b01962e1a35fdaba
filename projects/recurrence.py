"""When a recurring obligation or report falls due next.

Month-based steps keep the day the series started on where the month has it and fall back to
the month's last day where it does not: a series anchored on the 31st runs Jan 31, Feb 28
(29 in a leap year), Mar 31 — it does not drift to the 28th.
"""

from __future__ import annotations

import calendar
import datetime

MONTHS = {"monthly": 1, "quarterly": 3, "semi_annual": 6, "annual": 12}


def add_months(day: datetime.date, months: int, *, anchor_day: int | None = None) -> datetime.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if year > datetime.MAXYEAR:  # past the calendar's end: its last day, not a failure
        return datetime.date.max
    wanted = anchor_day or day.day
    return datetime.date(year, month, min(wanted, calendar.monthrange(year, month)[1]))


def next_due(
    due: datetime.date,
    recurrence: str,
    *,
    anchor_day: int | None = None,
    every_days: int | None = None,
) -> datetime.date | None:
    """The due date after ``due``; None for a one-off, and where the series would run past
    the last date the calendar holds (year 9999) — it ends there instead of failing."""
    if recurrence == "every_n_days":
        if not every_days or every_days < 1:
            raise ValueError("every_n_days needs a positive number of days")
        if (datetime.date.max - due).days < every_days:
            return None
        return due + datetime.timedelta(days=every_days)
    if recurrence in MONTHS:
        following = add_months(due, MONTHS[recurrence], anchor_day=anchor_day)
        return following if following > due else None
    if recurrence == "one_off":
        return None
    raise ValueError(f"unknown recurrence {recurrence!r}")
