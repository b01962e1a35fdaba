"""Reads of the directories, with their people fetched up front."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from core.models import Donor, OrganisationalUnit, RoleAssignment, User
from core.roles import Role, headed_unit_ids


def unit_directory() -> QuerySet[OrganisationalUnit]:
    """Active units with their head and focal points (``focal_point_assignments``)."""
    focal_points = RoleAssignment.objects.filter(role=Role.FOCAL_POINT, user__is_active=True)
    return (
        OrganisationalUnit.objects.filter(is_active=True)
        .select_related("parent", "head")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=focal_points.select_related("user"),
                to_attr="focal_point_assignments",
            )
        )
        .order_by("name_ka")
    )


def donor_directory() -> QuerySet[Donor]:
    return Donor.objects.filter(is_active=True).prefetch_related("contacts").order_by("name_ka")


@dataclass(frozen=True)
class Headed:
    """What a person heads: the units (with every unit beneath them), and whether one of them
    is the International Relations Department, whose head the escalation ladder names."""

    unit_ids: set[int]
    department: bool


def headed_by(user: User) -> Headed:
    """The units ``user`` heads, by the unit-head role or as the unit's named head (as the
    escalation mail finds them, ``notifications.recipients.unit_head``), and every unit beneath
    them. One query for the tree."""
    direct = headed_unit_ids(user)
    tree = list(
        OrganisationalUnit.objects.values_list("pk", "parent_id", "code", "head_id").filter(
            Q(parent__isnull=False) | Q(pk__in=direct) | Q(head=user)
        )
    )
    direct |= {pk for pk, _parent, _code, head in tree if head == user.pk}
    department = any(
        pk in direct and code == settings.DONORFLOW_DEPARTMENT_UNIT_CODE
        for pk, _parent, code, _head in tree
    )
    children: dict[int, list[int]] = {}
    for pk, parent, _code, _head in tree:
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    found, waiting = set(), list(direct)
    while waiting:
        pk = waiting.pop()
        if pk not in found:
            found.add(pk)
            waiting.extend(children.get(pk, []))
    return Headed(found, department)
