"""A reminder series: day offsets from an anchor date, with an optional repeat after the last.

The sweep always acts on the latest mark reached today, so a sweep that was down for days, or
an item entered late, sends one message for where things stand rather than a burst.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from scheduling.schedule import at_reminder_time, shift

# Repeats stop after this many, so a forgotten item is not chased forever.
MAX_REPEATS = 52


def latest_anchor(offset: int, today: datetime.date) -> datetime.date:
    """The latest anchor date whose mark ``offset`` days on falls on or before ``today``: the
    sweep's own rule (``shift(anchor, offset) <= today``) turned round, so a query that keeps
    anchors up to this date keeps exactly the items whose mark is reached."""
    # Working days only push a mark later, so no anchor after ``today - offset`` qualifies,
    # except "on the day" (offset 0) of a deadline falling on a weekend or holiday.
    anchor = today - datetime.timedelta(days=offset) + datetime.timedelta(days=14 * (offset <= 0))
    while shift(anchor, offset) > today:
        anchor -= datetime.timedelta(days=1)
    return anchor


@dataclass(frozen=True)
class Series:
    offsets: tuple[int, ...]
    repeat_every: int | None = None

    def _marks(self) -> list[int]:
        offsets = sorted(self.offsets)
        if self.repeat_every:
            last = offsets[-1]
            offsets += [last + self.repeat_every * n for n in range(1, MAX_REPEATS + 1)]
        return offsets

    def reached(self, anchor: datetime.date, today: datetime.date) -> int | None:
        """The offset of the latest mark on or before today."""
        found = None
        for offset in self._marks():
            if shift(anchor, offset) > today:
                break
            found = offset
        return found

    def following(self, anchor: datetime.date, today: datetime.date) -> datetime.datetime | None:
        """When the first mark after today falls."""
        for offset in self._marks():
            day = shift(anchor, offset)
            if day > today:
                return at_reminder_time(day)
        return None

    def plan(self, anchor: datetime.date, today: datetime.date) -> datetime.datetime | None:
        """Where the series stands today: the mark reached (due at once), else the next one."""
        offset = self.reached(anchor, today)
        if offset is not None:
            return at_reminder_time(shift(anchor, offset))
        return self.following(anchor, today)

    def position(self, offset: int) -> int:
        """Which mark of the series ``offset`` is (repeats count as the last)."""
        offsets = sorted(self.offsets)
        return offsets.index(offset) if offset in offsets else len(offsets) - 1


@dataclass(frozen=True)
class Reminder:
    """One rule's series for one item, counted from the item's anchor date (a deadline, a due
    date, the day it entered its state).

    A model says whether a rule applies to an item and from which date; planning the item's due
    column and the sweep's decision both read that one answer, so they cannot disagree.
    """

    series: Series
    anchor: datetime.date

    def reached(self, today: datetime.date) -> int | None:
        """The offset of the latest mark on or before today, if any."""
        return self.series.reached(self.anchor, today)

    def due_at(self, today: datetime.date) -> datetime.datetime | None:
        """The due column's value: the mark reached (due at once), else the next one."""
        return self.series.plan(self.anchor, today)

    def following(self, today: datetime.date) -> datetime.datetime | None:
        """When the first mark after today falls."""
        return self.series.following(self.anchor, today)

    def position(self, offset: int) -> int:
        return self.series.position(offset)


def planned(reminder: Reminder | None, now: datetime.datetime) -> datetime.datetime | None:
    """The due column for a rule that may not apply (``None``: nothing is due)."""
    return reminder.due_at(timezone.localdate(now)) if reminder is not None else None
