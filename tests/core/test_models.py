from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import RoleAssignment
from core.roles import Role
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "with_unit"),
    [
        (Role.FOCAL_POINT, False),
        (Role.UNIT_HEAD, False),
        (Role.VIEWER, True),
        (Role.TOP_MANAGEMENT, True),
    ],
)
def test_unit_goes_with_unit_roles_only(role, with_unit, unit) -> None:
    assignment = RoleAssignment(
        user=UserFactory.create(), role=role, unit=unit if with_unit else None
    )
    with pytest.raises(ValidationError) as invalid:
        assignment.full_clean()
    assert "unit" in invalid.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        assignment.save()


def test_a_role_is_held_once_per_unit(unit, other_unit) -> None:
    user = UserFactory.create(
        roles=[(Role.FOCAL_POINT, unit), (Role.FOCAL_POINT, other_unit), (Role.VIEWER, None)]
    )
    for role, place in [(Role.FOCAL_POINT, unit), (Role.VIEWER, None)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            RoleAssignment.objects.create(user=user, role=role, unit=place)


def test_one_person_may_hold_several_roles(unit, other_unit) -> None:
    user = UserFactory.create(roles=[(Role.FOCAL_POINT, unit), (Role.IRD_COORDINATOR, None)])
    assert user.has_role(Role.FOCAL_POINT, unit.pk)
    assert not user.has_role(Role.FOCAL_POINT, other_unit.pk)
    assert user.has_role(Role.IRD_COORDINATOR)
    assert not user.has_role(Role.TOP_MANAGEMENT)


def test_inactive_user_holds_no_role(unit) -> None:
    user = UserFactory.create(roles=[(Role.IRD_COORDINATOR, None)], is_active=False)
    assert not user.has_role(Role.IRD_COORDINATOR)


def test_unit_cannot_be_its_own_ancestor() -> None:
    top = UnitFactory.create(code="top")
    child = UnitFactory.create(code="child", parent=top)
    top.parent = child
    with pytest.raises(ValidationError):
        top.full_clean()


def test_names_follow_the_active_language(unit) -> None:
    from django.utils import translation

    assert unit.name == "სსიპ – შსს აკადემია"
    with translation.override("en"):
        assert unit.name == "MIA Academy"
