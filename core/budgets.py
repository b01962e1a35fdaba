"""IATI's budget rule, stated once: a revised budget (type 2) replaces the original one (type 1)
of the same period only; originals for other periods stand.

Both the IATI reader (lines of a donor's file) and the project register (budget lines in the
database) count money through ``counted``. The dashboard's SQL
(``projects.measures.counted_budget_lines``) states the same rule for the database and is
tested against this function on generated lines.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

ORIGINAL, REVISED = "1", "2"

Line = TypeVar("Line")


def counted(
    lines: Iterable[Line],
    *,
    kind: Callable[[Line], str],
    period: Callable[[Line], Hashable],
) -> list[Line]:
    """The lines that make up the budget: every line except an original whose period a
    revised line also covers (same start and same end; an undated line's period is "none")."""
    lines = list(lines)
    revised = {period(line) for line in lines if kind(line) == REVISED}
    if not revised:
        return lines
    return [line for line in lines if not (kind(line) == ORIGINAL and period(line) in revised)]
