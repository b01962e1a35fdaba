"""The roles people hold in Donorflow, and the one place that answers "is this person ...?".

Every role check in the project is one of the predicates below. Each app's ``permissions.py``
combines them with its own items ("the owning unit's focal point", "a unit taking part in the
project"); pages, the API and services ask those, never ``has_role`` directly
(``tests/core/test_roles_in_one_place.py`` fails when a role check appears anywhere else).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, TypeGuard

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from core.models import User

    Person: TypeAlias = User | AnonymousUser | None


class Role(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    IRD_COORDINATOR = "ird_coordinator", _("IRD coordinator")
    TOP_MANAGEMENT = "top_management", _("Top management")
    UNIT_HEAD = "unit_head", _("Unit head")
    VIEWER = "viewer", _("Viewer / auditor")
    ADMIN = "admin", _("Administrator")


# Roles that only make sense for one organisational unit.
UNIT_ROLES = (Role.FOCAL_POINT, Role.UNIT_HEAD)  # a tuple: migrations need a stable order


def signed_in(user: Person) -> TypeGuard[User]:
    """An active person who has signed in (an anonymous visitor or a disabled account is not)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def in_department(user: Person) -> bool:
    """A coordinator of the International Relations Department, which keeps the registers."""
    return signed_in(user) and user.has_role(Role.IRD_COORDINATOR)


def in_top_management(user: Person) -> bool:
    return signed_in(user) and user.has_role(Role.TOP_MANAGEMENT)


def is_viewer(user: Person) -> bool:
    """A viewer or auditor: reads everything, keeps nothing."""
    return signed_in(user) and user.has_role(Role.VIEWER)


def is_administrator(user: Person) -> bool:
    return signed_in(user) and (user.is_superuser or user.has_role(Role.ADMIN))


def is_focal_point(user: Person, unit_id: int | None = None) -> bool:
    """A focal point of ``unit_id``, or of any unit when none is given."""
    if unit_id is None:
        return signed_in(user) and user.has_role(Role.FOCAL_POINT)
    return signed_in(user) and user.has_role(Role.FOCAL_POINT, unit_id)


def is_unit_head(user: Person, unit_id: int | None = None) -> bool:
    if unit_id is None:
        return signed_in(user) and user.has_role(Role.UNIT_HEAD)
    return signed_in(user) and user.has_role(Role.UNIT_HEAD, unit_id)


def focal_point_unit_ids(user: Person) -> set[int]:
    """The units this person is a focal point of."""
    return user.unit_ids_for(Role.FOCAL_POINT) if signed_in(user) else set()


def headed_unit_ids(user: Person) -> set[int]:
    return user.unit_ids_for(Role.UNIT_HEAD) if signed_in(user) else set()


def can_manage_directories(user: Person) -> bool:
    """Units and donors are kept by the department and administrators."""
    return is_administrator(user) or in_department(user)


def keeps_unit_records(unit_id: int | None, user: Person) -> bool:
    """A unit's own records (its needs, its trainings) are kept by the department and by the
    unit's focal points."""
    return in_department(user) or (unit_id is not None and is_focal_point(user, unit_id))


def keeps_any_unit_records(user: Person) -> bool:
    return in_department(user) or is_focal_point(user)


def may_keep_unit_record(user: Person, record: object | None, unit_field: str) -> bool:
    """Whether ``user`` may open the form for ``record`` (None: a new one), a unit's own
    record whose unit is in ``unit_field``. The services refuse the save by the same rule."""
    if record is None:
        return keeps_any_unit_records(user)
    return keeps_unit_records(getattr(record, unit_field), user)
