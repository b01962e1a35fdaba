"""Recipient rules: an audience made of several rules is read at once and names exactly the
people holding those roles where it says."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from notifications.recipients import COORDINATORS, TOP_MANAGEMENT, reach, unit_audience
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_combined_audience_is_one_query_and_names_only_the_right_people(
    unit, other_unit, focal_point, other_unit_focal_point, coordinator, minister
) -> None:
    unit.notification_email = "unit@example.ge"
    unit.save()
    UserFactory.create(username="retired", roles=[(Role.IRD_COORDINATOR, None)], is_active=False)
    # Two roles held by one person: told once.
    UserFactory.create(
        username="both", roles=[(Role.IRD_COORDINATOR, None), (Role.FOCAL_POINT, unit)]
    )
    with CaptureQueriesContext(connection) as queries:
        recipients = reach(unit_audience(unit) + COORDINATORS + TOP_MANAGEMENT)
    assert len(queries) == 1
    people = sorted(r.user.username for r in recipients if r.user)
    assert people == ["both", "coordinator", "focal", "minister"]
    assert [r.email for r in recipients if r.user is None] == ["unit@example.ge"]


def test_a_unit_audience_leaves_out_other_units_and_other_roles(
    unit, focal_point, other_unit_focal_point, coordinator
) -> None:
    recipients = reach(unit_audience(unit))
    assert [r.user.username for r in recipients if r.user] == ["focal"]
    assert reach(COORDINATORS)[0].user == coordinator
