"""Reads of the directories, with their people fetched up front."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from core.models import Donor, OrganisationalUnit, RoleAssignment
from core.roles import Role


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
