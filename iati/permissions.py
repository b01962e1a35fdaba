"""Who reads donors' IATI files and registers their activities: the department only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import in_department

if TYPE_CHECKING:
    from core.roles import Person


def can_import_iati(user: Person) -> bool:
    return in_department(user)
