"""Money in lari at the rate of a date: the rules of ``rates.convert``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from rates.convert import (
    Missing,
    Money,
    RateMissing,
    to_gel,
    to_gel_many,
    total_in_gel,
    totals_in_gel,
)
from rates.models import ExchangeRate
from rates.services import RateRow, rates_record

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 11)  # a Wednesday


@pytest.fixture
def rates() -> None:
    rows = [
        RateRow(date=D(2026, 3, 6), currency="USD", quantity=1, rate=Decimal("2.7100")),  # Fri
        RateRow(date=D(2026, 3, 9), currency="USD", quantity=1, rate=Decimal("2.7200")),  # Mon
        RateRow(date=D(2026, 3, 10), currency="USD", quantity=1, rate=Decimal("2.7300")),
        RateRow(date=D(2026, 3, 6), currency="EUR", quantity=1, rate=Decimal("3.0000")),
        RateRow(date=D(2026, 3, 6), currency="JPY", quantity=100, rate=Decimal("1.8035")),
    ]
    rates_record(rows=rows, source=ExchangeRate.Source.NBG)


def test_an_amount_is_converted_at_its_days_rate(rates: None) -> None:
    assert to_gel(Decimal(1000), "USD", D(2026, 3, 9), TODAY) == Decimal("2720.00")
    # Quoted per hundred yen.
    assert to_gel(Decimal(1_000_000), "JPY", D(2026, 3, 6), TODAY) == Decimal("18035.00")
    assert to_gel(Decimal("12.34"), "GEL", None, TODAY) == Decimal("12.34")


def test_a_weekend_takes_the_last_rate_before_it(rates: None) -> None:
    assert to_gel(Decimal(100), "USD", D(2026, 3, 8), TODAY) == Decimal("271.00")


def test_a_date_still_to_come_takes_todays_rate(rates: None) -> None:
    assert to_gel(Decimal(100), "USD", D(2027, 1, 1), TODAY) == Decimal("273.00")


def test_a_missing_rate_is_named_with_its_currency_and_date(rates: None) -> None:
    with pytest.raises(RateMissing) as raised:
        to_gel(Decimal(100), "SEK", D(2026, 3, 9), TODAY)
    assert raised.value.missing == Missing("SEK", D(2026, 3, 9))
    assert "SEK 09.03.2026" in str(raised.value)
    # A rate more than a month old does not stand in for a missing one.
    with pytest.raises(RateMissing):
        to_gel(Decimal(100), "EUR", D(2026, 4, 15), D(2026, 5, 1))
    with pytest.raises(RateMissing) as undated:
        to_gel(Decimal(100), "USD", None, TODAY)
    assert undated.value.missing == Missing("USD", None)


def test_many_amounts_read_their_rates_in_one_query(
    rates: None, django_assert_num_queries: Any
) -> None:
    items = [
        Money(Decimal(10), "USD", D(2026, 3, 6)),
        Money(Decimal(10), "USD", D(2026, 3, 10)),
        Money(Decimal(10), "EUR", D(2026, 3, 7)),
        Money(Decimal(10), "USD", D(2020, 1, 1)),
        Money(Decimal(10), "GEL", D(2026, 3, 7)),
    ]
    with django_assert_num_queries(1):
        converted = to_gel_many(items, TODAY)
    assert [c.gel for c in converted] == [
        Decimal("27.10"),
        Decimal("27.30"),
        Decimal("30.00"),
        None,
        Decimal("10"),
    ]
    assert converted[2].rate is not None and converted[2].rate.date == D(2026, 3, 6)
    assert converted[3].missing == Missing("USD", D(2020, 1, 1))


def test_a_total_keeps_the_originals_and_names_what_lacks(rates: None) -> None:
    whole = total_in_gel(
        [Money(Decimal(100), "USD", D(2026, 3, 9)), Money(Decimal(50), "EUR", D(2026, 3, 6))],
        TODAY,
    )
    assert whole.complete and whole.gel == Decimal("422.00")
    assert whole.originals == {"EUR": Decimal(50), "USD": Decimal(100)}
    lacking = totals_in_gel(
        {
            "a": [Money(Decimal(100), "USD", D(2026, 3, 9))],
            "b": [
                Money(Decimal(100), "USD", D(2026, 3, 9)),
                Money(Decimal(7), "SEK", D(2026, 3, 2)),
                Money(Decimal(8), "SEK", D(2026, 3, 2)),
            ],
        },
        TODAY,
    )
    assert lacking["a"].gel == Decimal("272.00")
    # No partial sum: it would read as the whole.
    assert lacking["b"].gel is None and lacking["b"].missing == [Missing("SEK", D(2026, 3, 2))]
    assert lacking["b"].originals == {"SEK": Decimal(15), "USD": Decimal(100)}
