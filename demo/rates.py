"""A plausible year of the National Bank's daily rates for the demo: USD, EUR, GBP and CHF on
every working day of the twelve months up to today, as the bank's service would have given
them (weekends have none; a total dated on one takes Friday's rate). The lari drifts within
its 2025–2026 range: a dollar near 2.70–2.80, a euro near 2.95–3.20. The walk is seeded, so
every load writes the same rates for the same days."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from rates.models import ExchangeRate
from rates.services import RateRow, rates_record

# Currency → (where the year starts, lowest, highest), lari for one unit.
LEVELS = {
    "USD": (Decimal("2.7450"), Decimal("2.6900"), Decimal("2.8100")),
    "EUR": (Decimal("2.9800"), Decimal("2.9200"), Decimal("3.2000")),
    "GBP": (Decimal("3.5200"), Decimal("3.4000"), Decimal("3.7500")),
    "CHF": (Decimal("3.1500"), Decimal("3.0500"), Decimal("3.4000")),
}
DAYS = 365
STEP = Decimal("0.0001")


def _rows(today: datetime.date) -> list[RateRow]:
    walk = random.Random(20250101)
    level = {code: start for code, (start, _low, _high) in LEVELS.items()}
    rows = []
    for back in range(DAYS, -1, -1):
        day = today - datetime.timedelta(days=back)
        if day.weekday() >= 5:
            continue
        for code, (_start, low, high) in LEVELS.items():
            # A small daily move, pulled back inside the currency's range at its edges.
            move = Decimal(walk.gauss(0, 0.004)).quantize(STEP)
            value = level[code] + move * level[code] / 2
            level[code] = min(max(value, low), high).quantize(STEP)
            rows.append(RateRow(date=day, currency=code, quantity=1, rate=level[code]))
    return rows


def load_rates(today: datetime.date | None = None) -> int:
    """Write the year's rates (again: the same rows change nothing); how many were new."""
    recorded = rates_record(
        rows=_rows(today or timezone.localdate()), source=ExchangeRate.Source.NBG
    )
    return recorded.created
