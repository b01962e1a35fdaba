"""Who keeps, reports on and reads commitments."""

from __future__ import annotations

import pytest

from commitments import permissions as may
from core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "keeps"),
    [
        ("coordinator", True),
        ("focal_point", False),
        ("minister", False),
        ("unit_head", False),
        ("viewer", False),
        ("outsider", False),
    ],
)
def test_who_keeps_commitments(who, keeps, request) -> None:
    user = request.getfixturevalue(who)
    assert may.can_keep_commitments(user) is keeps
    assert may.can_keep_donor_priorities(user) is keeps


def test_administrators_keep_them_too(db) -> None:
    assert may.can_keep_commitments(UserFactory.create(roles=[(Role.ADMIN, None)]))


@pytest.mark.parametrize(
    ("who", "reports"),
    [
        ("coordinator", True),
        ("focal_point", True),
        ("other_unit_focal_point", False),
        ("unit_head", False),
        ("minister", False),
        ("viewer", False),
    ],
)
def test_who_reports_on_a_commitment(who, reports, request, make_commitment) -> None:
    assert may.can_report_on(make_commitment(), request.getfixturevalue(who)) is reports


def test_everyone_signed_in_reads_them(outsider) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert may.can_see_commitments(outsider)
    assert not may.can_see_commitments(AnonymousUser())
