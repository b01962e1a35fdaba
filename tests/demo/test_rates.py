"""The demo's rates: a year of working days, and monthly rates back to the earliest budget."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Max, Min

from demo.rates import NoDemoLevel, load_rates, rate_of
from projects.models import BudgetLine
from rates.convert import Money, to_gel, total_in_gel
from rates.models import ExchangeRate
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 11)
D = datetime.date


def _range(currency: str, start: datetime.date, end: datetime.date) -> tuple[Decimal, Decimal]:
    """The lowest and highest rate for one unit of the currency between the two dates."""
    rates = ExchangeRate.objects.filter(currency=currency, date__range=(start, end))
    found = rates.aggregate(low=Min("rate"), high=Max("rate"), quantity=Max("quantity"))
    return found["low"] / found["quantity"], found["high"] / found["quantity"]


def test_without_budgets_a_year_of_working_days_at_plausible_levels_written_once() -> None:
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
    low, high = _range("USD", min(days), TODAY)
    assert Decimal("2.6") <= low and high <= Decimal("2.9")
    low, high = _range("EUR", min(days), TODAY)
    assert Decimal("2.8") <= low and high <= Decimal("3.3")
    # The rates move from day to day, as a real year's do.
    assert ExchangeRate.objects.filter(currency="USD").values("rate").distinct().count() > 50
    assert load_rates(TODAY) == 0
    # A Sunday's total takes Friday's rate.
    sunday = TODAY - datetime.timedelta(days=TODAY.weekday() + 1)
    friday = ExchangeRate.objects.get(currency="USD", date=sunday - datetime.timedelta(days=2))
    assert to_gel(Decimal(1), "USD", sunday, TODAY) == friday.rate.quantize(Decimal("0.01"))


def test_invented_rates_are_not_said_to_come_from_the_bank() -> None:
    load_rates(TODAY)
    assert set(ExchangeRate.objects.values_list("source", flat=True)) == {
        ExchangeRate.Source.UPLOAD
    }


def test_the_budgets_currencies_get_rates_back_to_their_earliest_date(coordinator) -> None:
    old = ProjectFactory.create(created_by=coordinator, actual_start=D(2015, 1, 1))
    for year in (2015, 2016, 2017):
        BudgetLine.objects.create(
            project=old, amount=Decimal("1000"), currency="SEK", period_start=D(year, 1, 1)
        )
    # Dated by the project's start; another dated next year, at today's rate.
    BudgetLine.objects.create(project=old, amount=Decimal("1000"), currency="USD")
    new = ProjectFactory.create(created_by=coordinator, planned_start=D(2026, 4, 14))
    BudgetLine.objects.create(project=new, amount=Decimal("100000"), currency="JPY")
    BudgetLine.objects.create(project=new, amount=Decimal("5"), currency="GEL")
    load_rates(TODAY)
    assert set(ExchangeRate.objects.values_list("currency", flat=True)) == {
        "USD",
        "EUR",
        "GBP",
        "CHF",
        "SEK",
        "JPY",
    }
    # The krona reaches back to January 2015, a rate on the first of each month.
    sek = ExchangeRate.objects.filter(currency="SEK")
    assert sek.aggregate(first=Min("date"))["first"] == D(2015, 1, 1)
    assert sek.filter(date__year=2016).count() == 12
    assert set(sek.values_list("quantity", flat=True)) == {10}
    # The yen only needs the year up to today; the euro no history at all.
    assert ExchangeRate.objects.filter(currency="JPY").aggregate(first=Min("date"))[
        "first"
    ] >= TODAY - datetime.timedelta(days=365)
    assert ExchangeRate.objects.filter(currency="EUR", date__year=2015).count() == 0
    # Every day from the first to today finds a rate (none older than 31 days).
    days = [D(2015, 1, 1) + datetime.timedelta(days=n) for n in range((TODAY - D(2015, 1, 1)).days)]
    every = total_in_gel(
        [Money(Decimal(1), code, day) for day in days for code in ("SEK", "USD")], TODAY
    )
    assert every.complete, every.missing[:3]
    assert to_gel(Decimal(100), "JPY", D(2026, 4, 14), TODAY) > 0
    # Levels of their time.
    low, high = _range("SEK", D(2015, 1, 1), D(2017, 12, 31))
    assert Decimal("0.24") <= low and high <= Decimal("0.31")
    low, high = _range("USD", D(2015, 1, 1), D(2017, 12, 31))
    assert Decimal("1.95") <= low and high <= Decimal("2.6")
    low, high = _range("JPY", TODAY - datetime.timedelta(days=365), TODAY)
    assert Decimal("0.017") <= low and high <= Decimal("0.025")


def test_a_days_rate_does_not_depend_on_when_the_demo_is_loaded() -> None:
    load_rates(TODAY)
    # The next day, a Thursday, adds its four rates.
    assert load_rates(TODAY + datetime.timedelta(days=1)) == 4
    day = ExchangeRate.objects.get(currency="EUR", date=TODAY)
    assert day.rate == rate_of("EUR", TODAY)


def test_a_currency_without_demo_levels_is_named(coordinator) -> None:
    project = ProjectFactory.create(created_by=coordinator, planned_start=D(2026, 1, 5))
    BudgetLine.objects.create(project=project, amount=Decimal("1"), currency="NOK")
    with pytest.raises(NoDemoLevel, match="NOK"):
        load_rates(TODAY)
    assert not ExchangeRate.objects.exists()
