"""The quarters of a plan's year and when each one's status report is due: pure date arithmetic.

A quarter's report is due a number of working days (no weekends, no Georgian public holidays)
after the quarter ends (``scheduling.policy.activity_report_working_days``), whatever
``REMINDERS_WORKING_DAYS`` says about the reminders' own offsets: the due date is the rule the
department sets, the reminders only chase it.
"""

from __future__ import annotations

import calendar
import datetime

from scheduling import policy
from scheduling.schedule import is_working_day

QUARTERS = (1, 2, 3, 4)
# As the plan writes a quarter: „IV კვარტალი“.
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_start(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    month = 3 * quarter
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def working_days_after(day: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``day``."""
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def report_due(year: int, quarter: int) -> datetime.date:
    """The day the status report of ``quarter`` of ``year`` is due."""
    return working_days_after(quarter_end(year, quarter), policy.activity_report_working_days())


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def begun(year: int, quarter: int, today: datetime.date) -> bool:
    """Whether ``quarter`` of ``year`` has begun by ``today`` (a status is reported on a quarter
    under way or past, never on one still to come)."""
    return quarter_start(year, quarter) <= today
