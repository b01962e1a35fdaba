"""The department's 2027 plan with the academy's (``unit``) activities, and its mailbox."""

from __future__ import annotations

import pytest

from actionplans.models import ActionPlan, Activity
from core.models import OrganisationalUnit, User
from tests.actionplans.plans import department_plan


@pytest.fixture
def plan(unit: OrganisationalUnit, coordinator: User) -> ActionPlan:
    return department_plan(unit, coordinator)


@pytest.fixture
def activity(plan: ActionPlan) -> Activity:
    return plan.activities.get(number="1.1.1")


@pytest.fixture
def unit_mailbox(unit: OrganisationalUnit) -> str:
    unit.notification_email = "academy@units.test"
    unit.save()
    return unit.notification_email
