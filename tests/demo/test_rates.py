"""The demo's year of rates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Max, Min

from demo.rates import load_rates
from rates.convert import to_gel
from rates.models import ExchangeRate

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 11)


def test_a_year_of_working_days_at_plausible_levels_written_once() -> None:
    created = load_rates(TODAY)
    assert created == ExchangeRate.objects.count()
    assert set(ExchangeRate.objects.values_list("currency", flat=True)) == {
        "USD",
        "EUR",
        "GBP",
        "CHF",
    }
    days = set(ExchangeRate.objects.values_list("date", flat=True))
    assert min(days) >= TODAY - datetime.timedelta(days=365) and max(days) == TODAY
    assert all(day.weekday() < 5 for day in days) and len(days) > 250
    usd = ExchangeRate.objects.filter(currency="USD").aggregate(low=Min("rate"), high=Max("rate"))
    assert Decimal("2.69") <= usd["low"] and usd["high"] <= Decimal("2.81")
    eur = ExchangeRate.objects.filter(currency="EUR").aggregate(low=Min("rate"), high=Max("rate"))
    assert Decimal("2.9") <= eur["low"] and eur["high"] <= Decimal("3.2")
    # The rates move from day to day, as a real year's do.
    assert ExchangeRate.objects.filter(currency="USD").values("rate").distinct().count() > 50
    assert load_rates(TODAY) == 0
    # A Sunday's total takes Friday's rate.
    sunday = TODAY - datetime.timedelta(days=TODAY.weekday() + 1)
    friday = ExchangeRate.objects.get(currency="USD", date=sunday - datetime.timedelta(days=2))
    assert to_gel(Decimal(1), "USD", sunday, TODAY) == friday.rate.quantize(Decimal("0.01"))
