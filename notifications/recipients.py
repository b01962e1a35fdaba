"""Who hears about what. Each rule returns the people and shared mailboxes to tell."""

from __future__ import annotations

from dataclasses import dataclass

from core.models import OrganisationalUnit, User
from core.roles import Role


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    user: User | None = None


def _users_with_role(role: Role, unit: OrganisationalUnit | None = None) -> list[Recipient]:
    users = User.objects.filter(role_assignments__role=role, is_active=True).exclude(email="")
    if unit is not None:
        users = users.filter(role_assignments__unit=unit)
    return [Recipient(email=u.email, language=u.language, user=u) for u in users.distinct()]


def responsible_unit(unit: OrganisationalUnit) -> list[Recipient]:
    """The unit's shared address and each of its focal points."""
    recipients = _users_with_role(Role.FOCAL_POINT, unit)
    if unit.notification_email:
        recipients.append(Recipient(email=unit.notification_email, language="ka"))
    return recipients


def coordinators() -> list[Recipient]:
    return _users_with_role(Role.IRD_COORDINATOR)


def top_management() -> list[Recipient]:
    return _users_with_role(Role.TOP_MANAGEMENT)


def person(user: User) -> list[Recipient]:
    """One named person (say, whoever handed in a report), if they have an address."""
    if not user.email or not user.is_active:
        return []
    return [Recipient(email=user.email, language=user.language, user=user)]
