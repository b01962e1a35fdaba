"""Money in lari at the National Bank of Georgia's official rate of a date, from the rates
kept in ``rates.models``. One way in: ``to_gel`` for one amount, ``to_gel_many`` for many
(one query for all the rates they need), ``total_in_gel`` and ``totals_in_gel`` for sums
that keep the original amounts beside the lari.

Rules, stated once:

1. A date without a rate (a weekend, a holiday, a day not fetched) takes the last rate
   before it, but not one older than STALE_AFTER_DAYS: a month-long gap means the rates are
   missing, not that the currency stood still.
2. A date after today is converted at today's rate: a budget for next year is shown at the
   rate known now.
3. A total lacking any rate gives no lari figure at all (a partial sum would read as the
   whole); it names each currency and date that lacks one.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

GEL = "GEL"
STALE_AFTER_DAYS = 31
# Separate windows of one currency are merged into one range beyond this many, so a query
# for thousands of dates stays short.
_MAX_WINDOWS = 40
CENT = Decimal("0.01")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    # The date whose rate applies; None when the amount has none (it cannot be converted).
    on: datetime.date | None


@dataclass(frozen=True)
class Rate:
    date: datetime.date
    quantity: int
    rate: Decimal

    def per_unit(self) -> Decimal:
        return self.rate / self.quantity


@dataclass(frozen=True, order=True)
class Missing:
    """A currency with no rate for a date (or an amount with no date to take a rate for)."""

    currency: str
    on: datetime.date | None

    def __str__(self) -> str:
        if self.on is None:
            return self.currency + " (" + _("no date") + ")"
        return f"{self.currency} {self.on:%d.%m.%Y}"


class RateMissing(LookupError):
    def __init__(self, missing: Missing) -> None:
        super().__init__(_("No exchange rate for %(missing)s.") % {"missing": missing})
        self.missing = missing


@dataclass(frozen=True)
class Converted:
    money: Money
    gel: Decimal | None
    rate: Rate | None
    missing: Missing | None


@dataclass
class GelTotal:
    """A sum in lari with the amounts it was made of, per currency. ``gel`` is None when a
    rate lacks; ``missing`` then names each."""

    originals: dict[str, Decimal] = field(default_factory=dict)
    gel: Decimal | None = Decimal(0)
    missing: list[Missing] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def add(self, converted: Converted) -> None:
        money = converted.money
        self.originals[money.currency] = self.originals.get(money.currency, Decimal(0)) + (
            money.amount
        )
        self.originals = dict(sorted(self.originals.items()))
        if converted.missing is not None:
            if converted.missing not in self.missing:
                self.missing.append(converted.missing)
                self.missing.sort(key=lambda m: (m.currency, m.on or datetime.date.min))
            self.gel = None
        elif self.gel is not None and converted.gel is not None:
            self.gel += converted.gel


def _asked(on: datetime.date, today: datetime.date) -> datetime.date:
    return min(on, today)


class RateBook:
    """The rates some amounts need, loaded in one query (``RateBook.load``)."""

    def __init__(self, rates: Iterable[tuple[str, Rate]], today: datetime.date) -> None:
        self.today = today
        by_currency: dict[str, list[Rate]] = defaultdict(list)
        for currency, rate in rates:
            by_currency[currency].append(rate)
        self._rates = {c: sorted(found, key=lambda r: r.date) for c, found in by_currency.items()}
        self._dates = {c: [r.date for r in found] for c, found in self._rates.items()}

    @classmethod
    def load(
        cls, needs: Iterable[tuple[str, datetime.date | None]], today: datetime.date | None = None
    ) -> RateBook:
        from rates.models import ExchangeRate

        today = today or timezone.localdate()
        dates: dict[str, set[datetime.date]] = defaultdict(set)
        for currency, on in needs:
            if currency != GEL and on is not None:
                dates[currency].add(_asked(on, today))
        query = Q()
        for currency, days in dates.items():
            for start, end in _windows(sorted(days)):
                query |= Q(currency=currency, date__range=(start, end))
        if not dates:
            return cls([], today)
        rows = ExchangeRate.objects.filter(query).values_list(
            "currency", "date", "quantity", "rate"
        )
        return cls(((c, Rate(d, q, r)) for c, d, q, r in rows), today)

    def rate_on(self, currency: str, on: datetime.date) -> Rate | None:
        """The rate of the date, else the last one before it within STALE_AFTER_DAYS."""
        asked = _asked(on, self.today)
        dates = self._dates.get(currency, [])
        at = bisect.bisect_right(dates, asked)
        if not at:
            return None
        rate = self._rates[currency][at - 1]
        if (asked - rate.date).days > STALE_AFTER_DAYS:
            return None
        return rate

    def convert(self, money: Money) -> Converted:
        if money.currency == GEL:
            return Converted(money, money.amount, None, None)
        if money.on is None:
            return Converted(money, None, None, Missing(money.currency, None))
        rate = self.rate_on(money.currency, money.on)
        if rate is None:
            return Converted(money, None, None, Missing(money.currency, money.on))
        gel = (money.amount * rate.rate / rate.quantity).quantize(CENT, rounding=ROUND_HALF_UP)
        return Converted(money, gel, rate, None)


def _windows(days: Sequence[datetime.date]) -> list[tuple[datetime.date, datetime.date]]:
    """Date ranges covering each day and the STALE_AFTER_DAYS before it, overlaps merged."""
    reach = datetime.timedelta(days=STALE_AFTER_DAYS)
    windows: list[tuple[datetime.date, datetime.date]] = []
    for day in days:
        if windows and day - reach <= windows[-1][1]:
            windows[-1] = (windows[-1][0], day)
        else:
            windows.append((day - reach, day))
    if len(windows) > _MAX_WINDOWS:
        return [(windows[0][0], windows[-1][1])]
    return windows


def to_gel_many(items: Sequence[Money], today: datetime.date | None = None) -> list[Converted]:
    """Each amount in lari (rules 1–2 above), with the rate used or what is missing; the
    rates are read in one query."""
    book = RateBook.load(((m.currency, m.on) for m in items), today)
    return [book.convert(money) for money in items]


def to_gel(
    amount: Decimal, currency: str, on: datetime.date | None, today: datetime.date | None = None
) -> Decimal:
    """``amount`` of ``currency`` in lari at the rate of ``on``; RateMissing names what lacks."""
    converted = to_gel_many([Money(amount, currency, on)], today)[0]
    if converted.missing is not None:
        raise RateMissing(converted.missing)
    assert converted.gel is not None
    return converted.gel


def totals_in_gel(
    groups: Mapping[K, Sequence[Money]], today: datetime.date | None = None
) -> dict[K, GelTotal]:
    """A total in lari for each group (a project, a year...), the rates of all groups read in
    one query."""
    book = RateBook.load(((m.currency, m.on) for items in groups.values() for m in items), today)
    totals = {}
    for key, items in groups.items():
        total = GelTotal()
        for money in items:
            total.add(book.convert(money))
        totals[key] = total
    return totals


def total_in_gel(items: Sequence[Money], today: datetime.date | None = None) -> GelTotal:
    return totals_in_gel({0: items}, today)[0]
