"""Next due dates: month ends, leap years, fixed-day series."""

from __future__ import annotations

import datetime

import pytest

from projects.recurrence import add_months, next_due

D = datetime.date


@pytest.mark.parametrize(
    ("due", "recurrence", "anchor", "expected"),
    [
        (D(2026, 1, 31), "monthly", 31, D(2026, 2, 28)),
        (D(2026, 2, 28), "monthly", 31, D(2026, 3, 31)),  # back to the anchor, no drift
        (D(2028, 1, 31), "monthly", 31, D(2028, 2, 29)),  # leap year
        (D(2026, 11, 30), "quarterly", 30, D(2027, 2, 28)),
        (D(2026, 8, 31), "semi_annual", 31, D(2027, 2, 28)),
        (D(2028, 2, 29), "annual", 29, D(2029, 2, 28)),
        (D(2031, 2, 28), "annual", 29, D(2032, 2, 29)),  # the leap day comes back
        (D(2026, 12, 15), "monthly", 15, D(2027, 1, 15)),  # across the year end
    ],
)
def test_month_based_series(due, recurrence, anchor, expected) -> None:
    assert next_due(due, recurrence, anchor_day=anchor) == expected


def test_a_series_of_month_ends_never_drifts() -> None:
    due, seen = D(2027, 1, 31), []
    for _ in range(12):
        due = add_months(due, 1, anchor_day=31)
        seen.append(due.day)
    assert seen == [28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31]


def test_every_n_days_crosses_leap_day() -> None:
    assert next_due(D(2028, 2, 20), "every_n_days", every_days=10) == D(2028, 3, 1)
    assert next_due(D(2027, 2, 20), "every_n_days", every_days=10) == D(2027, 3, 2)


def test_one_off_has_no_next_date() -> None:
    assert next_due(D(2026, 5, 1), "one_off") is None


@pytest.mark.parametrize(
    ("recurrence", "days"), [("every_n_days", None), ("every_n_days", 0), ("weekly", None)]
)
def test_bad_recurrence_is_an_error(recurrence, days) -> None:
    with pytest.raises(ValueError):
        next_due(D(2026, 5, 1), recurrence, every_days=days)
