"""Day arithmetic of reminder series: calendar days, or working days without weekends and
Georgian public holidays."""

from __future__ import annotations

import datetime

import pytest

from scheduling.schedule import is_working_day, shift
from scheduling.series import Series, latest_anchor

D = datetime.date


def test_calendar_days_by_default() -> None:
    assert shift(D(2026, 11, 20), 3) == D(2026, 11, 23)
    assert shift(D(2026, 11, 20), -7) == D(2026, 11, 13)


def test_working_days_skip_weekends_and_georgian_holidays(settings) -> None:
    settings.REMINDERS_WORKING_DAYS = True
    assert not is_working_day(D(2026, 11, 23))  # Giorgoba, a Monday
    assert not is_working_day(D(2026, 4, 13))  # Orthodox Easter Monday
    # Friday + 1 working day: Saturday, Sunday and Giorgoba are skipped.
    assert shift(D(2026, 11, 20), 1) == D(2026, 11, 24)
    # Backwards across Orthodox Easter (10–13 April 2026) and the weekend before it.
    assert shift(D(2026, 4, 14), -1) == D(2026, 4, 8)
    # "On the day" of a Sunday deadline is the Friday before.
    assert shift(D(2026, 11, 22), 0) == D(2026, 11, 20)


def test_a_series_acts_on_the_latest_mark_reached() -> None:
    series = Series((-14, -7, -3, -1))
    deadline = D(2026, 12, 15)
    assert series.reached(deadline, D(2026, 11, 30)) is None
    assert series.reached(deadline, D(2026, 12, 1)) == -14
    # A sweep down for a week acts once, on where things stand.
    assert series.reached(deadline, D(2026, 12, 13)) == -3
    following = series.following(deadline, D(2026, 12, 13))
    assert following is not None and following.date() == D(2026, 12, 14)
    assert series.following(deadline, D(2026, 12, 14)) is None


def test_a_repeating_series_goes_on_after_its_last_offset() -> None:
    series = Series((7,), repeat_every=7)
    start = D(2026, 11, 2)
    assert series.reached(start, D(2026, 11, 20)) == 14
    following = series.following(start, D(2026, 11, 20))
    assert following is not None and following.date() == D(2026, 11, 23)


@pytest.mark.parametrize("working_days", [False, True])
@pytest.mark.parametrize("offset", [0, 1, 3, 8, 15])
def test_the_latest_anchor_selects_exactly_the_anchors_whose_mark_is_reached(
    settings, working_days: bool, offset: int
) -> None:
    """What the home lists as escalated (anchors up to ``latest_anchor``) and what the sweep
    escalates (``shift(anchor, offset) <= today``) agree on every day of a month holding
    weekends, Giorgoba and the New Year holidays."""
    settings.REMINDERS_WORKING_DAYS = working_days
    days = [D(2026, 11, 10) + datetime.timedelta(days=n) for n in range(60)]
    for today in days[20:]:
        latest = latest_anchor(offset, today)
        for anchor in days:
            assert (anchor <= latest) == (shift(anchor, offset) <= today), (anchor, today)
