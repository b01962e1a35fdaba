"""A reminder series: day offsets from an anchor date, with an optional repeat after the last.

The sweep always acts on the latest mark reached today, so a sweep that was down for days, or
an item entered late, sends one message for where things stand rather than a burst.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from scheduling.schedule import at_reminder_time, shift

# Repeats stop after this many, so a forgotten item is not chased forever.
MAX_REPEATS = 52


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
