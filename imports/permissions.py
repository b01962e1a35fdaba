"""Who imports register files (projects, obligations, needs, trainings): the department only,
even for the registers a unit's focal points keep by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import in_department

if TYPE_CHECKING:
    from core.roles import Person


def can_import_registers(user: Person) -> bool:
    return in_department(user)
