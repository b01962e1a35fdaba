"""Builds the demo register through the real services, so its history is genuine: a year of
work lived day by day with the clock set back (``demo.diary``).

Idempotent: units, donors and people are upserted by their codes; the year is lived once (a
register that holds the demo's opportunities is not given another), and every other part is
left as it is when already recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from core.models import Donor, OrganisationalUnit, RoleAssignment, User
from core.services import user_password_change
from demo import data
from demo.action_plan import load_action_plans
from demo.commitments import link_projects, load_commitments, load_treaty_reports_and_priorities
from demo.diary import Diary
from demo.needs_trainings import load_needs_and_trainings
from demo.opportunities import plan_opportunities
from demo.projects import load_projects
from demo.rates import load_rates


def _units() -> dict[str, OrganisationalUnit]:
    units: dict[str, OrganisationalUnit] = {}
    for code, kind, name_ka, name_en, parent in data.UNITS:
        units[code], _ = OrganisationalUnit.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name_ka": name_ka,
                "name_en": name_en,
                "parent": units.get(parent) if parent else None,
                "notification_email": f"{code}@units.donorflow.example",
            },
        )
    return units


def _donors() -> dict[str, Donor]:
    donors = {}
    for code, *values in data.DONORS:
        donors[code], _ = Donor.objects.update_or_create(
            code=code, defaults=dict(zip(data.DONOR_COLUMNS, values, strict=True))
        )
    return donors


def _users(units: dict[str, OrganisationalUnit], password: str) -> dict[str, User]:
    users = {}
    for username, first, last, language, roles in data.USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@donorflow.example",
                "language": language,
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
            },
        )
        user_password_change(user=user, password=password)
        for role, unit_code in roles:
            RoleAssignment.objects.get_or_create(
                user=user, role=role, unit=units[unit_code] if unit_code else None
            )
        users[username] = user
    for unit_code, username in (("academy", "head"), ("ird", "irdhead")):
        units[unit_code].head = users[username]
        units[unit_code].save(update_fields=["head"])
    return users


@transaction.atomic
def load_demo(*, password: str, report: Callable[[str], None] = print) -> None:
    units = _units()
    report(f"{len(units)} units.")
    donors = _donors()
    report(f"{len(donors)} donors and partners.")
    users = _users(units, password)
    report(f"{len(users)} demo accounts: " + ", ".join(users))
    coordinator, today = users["coordinator"], timezone.localdate()
    # The year is written in the diary first, then lived in date order: commitments come
    # first (opportunities say which ones they serve), then a year of meetings and items.
    diary = Diary(today)
    report(load_commitments(units=units, donors=donors, coordinator=coordinator, diary=diary))
    report(plan_opportunities(diary, units, donors, users))
    sweeps = diary.run()
    report(f"The year lived: {sweeps} working mornings of reminder sweeps.")
    load_treaty_reports_and_priorities(
        units=units, donors=donors, coordinator=coordinator, today=today
    )
    report(load_projects(donors=donors, units=units, coordinator=coordinator, today=today))
    report(load_needs_and_trainings(units=units, coordinator=coordinator, today=today))
    report(link_projects(coordinator=coordinator))
    report(load_action_plans(units=units, coordinator=coordinator, today=today))
    report(f"{load_rates(today)} exchange rates recorded.")
