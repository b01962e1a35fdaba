"""Who hears about what. Each rule returns the people and shared mailboxes to tell."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from core.models import OrganisationalUnit, User
from core.roles import Role


@dataclass(frozen=True)
class Recipient:
    """A mailbox, a person, or both. A person without an address is told in the app only."""

    email: str
    language: str
    user: User | None = None


@dataclass(frozen=True)
class Audience:
    """Whom a rule names: holders of roles (anywhere, or at one unit) and shared mailboxes.
    Audiences add up, so an event told to several is read in one query (see ``reach``)."""

    roles: tuple[tuple[Role, OrganisationalUnit | None], ...] = ()
    mailboxes: tuple[str, ...] = ()

    def __add__(self, other: Audience) -> Audience:
        return Audience(self.roles + other.roles, self.mailboxes + other.mailboxes)


COORDINATORS = Audience(roles=((Role.IRD_COORDINATOR, None),))
TOP_MANAGEMENT = Audience(roles=((Role.TOP_MANAGEMENT, None),))


def unit_audience(unit: OrganisationalUnit) -> Audience:
    """The unit's focal points and its shared address."""
    mailboxes = (unit.notification_email,) if unit.notification_email else ()
    return Audience(roles=((Role.FOCAL_POINT, unit),), mailboxes=mailboxes)


def reach(audience: Audience) -> list[Recipient]:
    """The active people holding any of the audience's roles, then its shared mailboxes."""
    holding = Q()
    for role, unit in audience.roles:
        held = Q(role_assignments__role=role)
        if unit is not None:
            held &= Q(role_assignments__unit=unit)
        holding |= held
    people = []
    if audience.roles:
        # Only what a recipient needs: the person, their address and language.
        holders = User.objects.filter(holding, is_active=True).distinct()
        people = _people(holders.only("id", "email", "language", "is_active"))
    return people + [Recipient(email=box, language="ka") for box in audience.mailboxes]


def responsible_unit(unit: OrganisationalUnit) -> list[Recipient]:
    """The unit's shared address and each of its focal points."""
    return reach(unit_audience(unit))


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
    return reach(COORDINATORS)


def top_management() -> list[Recipient]:
    return reach(TOP_MANAGEMENT)


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
    """A recipient rule named in settings (see scheduling.policy.RECIPIENT_RULES)."""
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
