"""The roles people hold in Donorflow, and the one place that answers "may this user ...?"."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    IRD_COORDINATOR = "ird_coordinator", _("IRD coordinator")
    TOP_MANAGEMENT = "top_management", _("Top management")
    UNIT_HEAD = "unit_head", _("Unit head")
    VIEWER = "viewer", _("Viewer / auditor")
    ADMIN = "admin", _("Administrator")


# Roles that only make sense for one organisational unit.
UNIT_ROLES = (Role.FOCAL_POINT, Role.UNIT_HEAD)  # a tuple: migrations need a stable order


def can_manage_directories(user: Any) -> bool:
    """Units and donors are kept by the department and administrators."""
    return bool(user and user.is_authenticated and user.is_active) and (
        user.is_superuser or user.has_role(Role.ADMIN) or user.has_role(Role.IRD_COORDINATOR)
    )


def keeps_unit_records(unit_id: int | None, user: Any) -> bool:
    """A unit's own records (its needs, its trainings) are kept by the department and by the
    unit's focal points."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.has_role(Role.IRD_COORDINATOR) or (
        unit_id is not None and user.has_role(Role.FOCAL_POINT, unit_id)
    )


def keeps_any_unit_records(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active) and (
        user.has_role(Role.IRD_COORDINATOR) or bool(user.unit_ids_for(Role.FOCAL_POINT))
    )


def may_keep_unit_record(user: Any, record: Any | None, unit_field: str) -> bool:
    """Whether ``user`` may open the form for ``record`` (None: a new one), a unit's own
    record whose unit is in ``unit_field``. The services refuse the save by the same rule."""
    if record is None:
        return keeps_any_unit_records(user)
    return keeps_unit_records(getattr(record, unit_field), user)
