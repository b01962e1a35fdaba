"""Who keeps the shopping list: the department, and a need's responsible unit's focal points
(a unit's own records, ``core.roles.keeps_unit_records``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import keeps_any_unit_records, keeps_unit_records

if TYPE_CHECKING:
    from core.roles import Person
    from needs.models import Need


def can_keep_needs(user: Person) -> bool:
    """Whether the person keeps any needs at all (the department, or a unit's focal point)."""
    return keeps_any_unit_records(user)


def can_keep_need(need: Need, user: Person) -> bool:
    """The department and the focal points of the unit responsible for the need."""
    return keeps_unit_records(need.responsible_unit_id, user)
