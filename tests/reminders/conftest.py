"""Reminder tests travel in time: ``at(...)`` is a local (Tbilisi) moment."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from core.models import OrganisationalUnit, User
from core.roles import Role
from notifications.models import Notification
from tests.factories import UnitFactory, UserFactory

TBILISI = ZoneInfo("Asia/Tbilisi")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 15) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TBILISI)


def sent_to(kind: str) -> list[str]:
    """The addresses written for ``kind``, sorted."""
    return sorted(Notification.objects.filter(kind=kind).values_list("email", flat=True))


@pytest.fixture
def department_head(db: None) -> User:
    head = UserFactory.create(username="ird-head")
    department = UnitFactory.create(code="ird", kind="department", head=head)
    head.role_assignments.create(role=Role.UNIT_HEAD, unit=department)
    return head


@pytest.fixture
def unit_mailbox(unit: OrganisationalUnit) -> str:
    unit.notification_email = "academy@units.test"
    unit.save()
    return unit.notification_email
