"""Whose items a person's calendar holds: focal points and unit heads follow their own units;
the department, top management, viewers and administrators follow the whole register."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import (
    focal_point_unit_ids,
    headed_unit_ids,
    in_department,
    in_top_management,
    is_administrator,
    is_viewer,
)

if TYPE_CHECKING:
    from core.roles import Person


def follows_whole_register(user: Person) -> bool:
    return (
        is_administrator(user) or in_department(user) or in_top_management(user) or is_viewer(user)
    )


def followed_unit_ids(user: Person) -> set[int] | None:
    """The units whose items the person follows; None for every unit."""
    if follows_whole_register(user):
        return None
    return focal_point_unit_ids(user) | headed_unit_ids(user)
