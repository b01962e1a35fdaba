"""Who hears about what. Each rule returns the people and shared mailboxes to tell."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

from core.models import OrganisationalUnit, User
from core.roles import Role


@dataclass(frozen=True)
class Recipient:
    """A mailbox, a person, or both. A person without an address is told in the app only."""

    email: str
    language: str
    user: User | None = None


def _users_with_role(role: Role, unit: OrganisationalUnit | None = None) -> list[Recipient]:
    users = User.objects.filter(role_assignments__role=role, is_active=True)
    if unit is not None:
        users = users.filter(role_assignments__unit=unit)
    return _people(users.distinct())


def responsible_unit(unit: OrganisationalUnit) -> list[Recipient]:
    """The unit's shared address and each of its focal points."""
    recipients = _users_with_role(Role.FOCAL_POINT, unit)
    if unit.notification_email:
        recipients.append(Recipient(email=unit.notification_email, language="ka"))
    return recipients


def _people(users: Iterable[User | None]) -> list[Recipient]:
    return [
        Recipient(email=u.email, language=u.language, user=u)
        for u in users
        if u is not None and u.is_active
    ]


def unit_head(unit: OrganisationalUnit) -> list[Recipient]:
    """Whoever heads the unit: its named head and anyone holding the unit-head role there."""
    heads = list(
        User.objects.filter(role_assignments__role=Role.UNIT_HEAD, role_assignments__unit=unit)
    )
    return _people([unit.head, *heads])


def department_head() -> list[Recipient]:
    """The head of the International Relations Department."""
    department = OrganisationalUnit.objects.filter(
        code=settings.DONORFLOW_DEPARTMENT_UNIT_CODE
    ).first()
    return unit_head(department) if department else []


def coordinators() -> list[Recipient]:
    return _users_with_role(Role.IRD_COORDINATOR)


def top_management() -> list[Recipient]:
    return _users_with_role(Role.TOP_MANAGEMENT)


def person(user: User) -> list[Recipient]:
    """One named person (say, whoever handed in a report), if they have an address."""
    return _people([user])


# While a sweep runs, each rule's answer for a unit is read once, not once per row.
_remembered: ContextVar[dict[tuple[str, int | None], list[Recipient]] | None] = ContextVar(
    "remembered_recipients", default=None
)


@contextlib.contextmanager
def remembered() -> Iterator[None]:
    """Within this block, ``by_rule`` reads each rule for each unit from the database once."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def by_rule(rule: str, unit: OrganisationalUnit) -> list[Recipient]:
    """A recipient rule named in settings (see reminders.policy.RECIPIENT_RULES)."""
    memory = _remembered.get()
    if memory is None:
        return _by_rule(rule, unit)
    key = (rule, unit.pk)
    if key not in memory:
        memory[key] = _by_rule(rule, unit)
    return list(memory[key])  # a copy: callers may extend what they get


def _by_rule(rule: str, unit: OrganisationalUnit) -> list[Recipient]:
    rules: dict[str, Callable[[], list[Recipient]]] = {
        "responsible_unit": lambda: responsible_unit(unit),
        "unit_head": lambda: unit_head(unit),
        "department_head": department_head,
        "coordinators": coordinators,
        "top_management": top_management,
    }
    return rules[rule]()
