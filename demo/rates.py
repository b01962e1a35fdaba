"""Exchange rates for the demo, invented but plausible, so every total in lari it shows has
one. They are recorded as uploaded (``ExchangeRate.Source.UPLOAD``), not as the National
Bank's service's: the bank never gave them.

Which rates: every currency of the stored budget lines, and USD, EUR, GBP and CHF besides,
get a rate on every working day of the twelve months up to today (weekends have none; a
total dated on one takes Friday's rate). Before that year, back to the earliest date a
budget line of the currency is converted at (``BudgetLine.dated_on``), a rate on
the first of each month: ``rates.convert`` takes the last rate within 31 days, so every date
finds one. Reading the budgets at load time keeps the rates from drifting apart from them.

Levels follow the lari's path since 2014 (a dollar near 2.0–2.5 in 2015–2017, near 2.7–2.8
in 2025–2026), with a small wobble around it. A day's rate depends on the day alone, so
every load writes the same rate for the same day.
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.utils import timezone

from projects.models import BudgetLine
from rates.convert import GEL
from rates.models import ExchangeRate
from rates.services import RateRow, rates_record

FIRST_YEAR = 2014
# Currency → (the bank's quantity, lari for that quantity on 1 January of each year from
# FIRST_YEAR:     2014 2015 2016 2017 2018 2019 2020 2021 2022 2023 2024 2025 2026 2027).
_TABLE = {
    "USD": (1, "1.74 2.00 2.39 2.50 2.59 2.67 2.87 3.28 3.10 2.70 2.69 2.81 2.74 2.72"),
    "EUR": (1, "2.39 2.50 2.61 2.79 3.10 3.06 3.21 4.02 3.51 2.88 2.97 2.92 3.15 3.15"),
    "GBP": (1, "2.87 2.95 3.55 3.25 3.50 3.40 3.78 4.48 4.18 3.26 3.43 3.52 3.63 3.60"),
    "CHF": (1, "1.95 2.05 2.38 2.60 2.65 2.72 2.96 3.71 3.39 2.93 3.19 3.10 3.38 3.40"),
    # The bank quotes the krona per 10 and the yen per 100.
    "SEK": (10, "2.70 2.55 2.80 2.90 2.98 2.95 3.07 3.99 3.43 2.59 2.63 2.55 2.92 2.90"),
    "JPY": (100, "1.80 1.85 1.98 2.27 2.30 2.45 2.63 3.17 2.69 2.05 1.90 1.79 1.80 1.80"),
}
LEVELS: dict[str, tuple[int, dict[int, Decimal]]] = {
    code: (quantity, {FIRST_YEAR + i: Decimal(v) for i, v in enumerate(values.split())})
    for code, (quantity, values) in _TABLE.items()
}
# Kept even when no budget uses them: the currencies the ministry's donors pay in most.
ALWAYS = ("USD", "EUR", "GBP", "CHF")
DAYS = 365
STEP = Decimal("0.0001")
# The wobble around the path: slow swings of these periods (days) and amplitudes, and a
# day's own move.
SWINGS = ((23, 0.004), (61, 0.007), (167, 0.010), (400, 0.008))
DAILY = 0.0015


class NoDemoLevel(LookupError):
    pass


def _path(levels: Mapping[int, Decimal], day: datetime.date) -> float:
    """The year's level, moving evenly to the next year's."""
    first, last = min(levels), max(levels)
    year = min(max(day.year, first), last)
    if year != day.year or year == last:
        return float(levels[year])
    start = datetime.date(year, 1, 1)
    share = (day - start).days / (datetime.date(year + 1, 1, 1) - start).days
    return float(levels[year]) * (1 - share) + float(levels[year + 1]) * share


def rate_of(currency: str, day: datetime.date) -> Decimal:
    """The demo's rate of ``currency`` (for the bank's quantity of it) on ``day``."""
    _quantity, levels = LEVELS[currency]
    phases = random.Random(currency)
    t = day.toordinal()
    wobble = sum(
        amplitude * math.sin(2 * math.pi * t / period + phases.uniform(0, 2 * math.pi))
        for period, amplitude in SWINGS
    )
    wobble += random.Random(f"{currency} {day.isoformat()}").gauss(0, DAILY)
    return Decimal(_path(levels, day) * (1 + wobble)).quantize(STEP)


def needed() -> dict[str, datetime.date | None]:
    """Each currency of the stored budget lines with the earliest date a line of it is
    converted at (None when no line of it has a date)."""
    earliest: dict[str, datetime.date | None] = {}
    for line in BudgetLine.objects.select_related("project").order_by():
        if line.currency == GEL:
            continue
        on = line.dated_on()
        known = earliest.get(line.currency)
        earliest[line.currency] = on if known is None or (on is not None and on < known) else known
    return earliest


def _days(today: datetime.date, since: datetime.date | None) -> Iterable[datetime.date]:
    year_ago = today - datetime.timedelta(days=DAYS)
    if since is not None and since < year_ago:
        month = datetime.date(since.year, since.month, 1)
        while month < year_ago:
            yield month
            month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for back in range(DAYS, -1, -1):
        day = today - datetime.timedelta(days=back)
        if day.weekday() < 5:
            yield day


def rows(today: datetime.date, needs: Mapping[str, datetime.date | None]) -> list[RateRow]:
    """The rates: ``needs`` gives each currency the earliest date it must reach back to."""
    unknown = sorted(set(needs) - set(LEVELS))
    if unknown:
        raise NoDemoLevel(
            "The demo's budgets use " + ", ".join(unknown) + ": give demo/rates.py a level for it."
        )
    wanted = {code: needs.get(code) for code in (*ALWAYS, *sorted(needs))}
    return [
        RateRow(date=day, currency=code, quantity=LEVELS[code][0], rate=rate_of(code, day))
        for code, since in wanted.items()
        for day in _days(today, since)
    ]


def load_rates(today: datetime.date | None = None) -> int:
    """Write the rates the stored budgets need (again: the same rows change nothing); how
    many were new."""
    recorded = rates_record(
        rows=rows(today or timezone.localdate(), needed()), source=ExchangeRate.Source.UPLOAD
    )
    return recorded.created
