"""Builds the demo register through the real services, so its history is genuine.

Idempotent: units, donors and people are upserted by their codes; an opportunity whose title is
already in the register is left as it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.models import Donor, OrganisationalUnit, RoleAssignment, User
from core.services import user_password_change
from demo import data
from demo.action_plan import load_action_plans
from demo.commitments import link_projects, load_commitments, serving_kpis
from demo.needs_trainings import load_needs_and_trainings
from demo.projects import load_projects
from workflow import services
from workflow.models import AgendaItem, CoordinationMeeting, DonorCommunication, Opportunity
from workflow.services import meetings as meetings_service
from workflow.services import records

LIFECYCLE_ORDER = [
    Opportunity.State.IDENTIFIED,
    Opportunity.State.PRESENTED,
    Opportunity.State.APPROVED,
    Opportunity.State.IN_COMMUNICATION,
    Opportunity.State.MONITORED,
    Opportunity.State.CLOSED,
    Opportunity.State.REJECTED,
]
CLOSING_PATHS = ["completed", "not_funded", "withdrawn"]


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


def _meetings(coordinator: User, units: dict[str, OrganisationalUnit]) -> list[CoordinationMeeting]:
    """Two past meetings (their outcomes are recorded as items are presented) and the next one."""
    today = timezone.localdate()
    attending = [units[code] for code in ("academy", "border-police") if code in units]
    meetings = []
    for days, place in [
        (-56, "შსს, საკონფერენციო დარბაზი"),
        (-14, "შსს აკადემია"),
        (5, "შსს, ოთახი 301"),
    ]:
        day = today + datetime.timedelta(days=days)
        title = f"საკოორდინაციო შეხვედრა {day:%d.%m.%Y}"
        meeting = CoordinationMeeting.objects.filter(title=title).first()
        if meeting is None:
            meeting = meetings_service.meeting_schedule(
                user=coordinator,
                fields={
                    "title": title,
                    "starts_at": timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(11))
                    ),
                    "place": place,
                },
                attendee_units=attending,
            )
        meetings.append(meeting)
    return meetings


def _log_contact(opportunity: Opportunity, user: User, index: int) -> None:
    today = timezone.localdate()
    records.communication_log_add(
        opportunity=opportunity,
        user=user,
        occurred_on=today - datetime.timedelta(days=20),
        channel=DonorCommunication.Channel.MEETING,
        summary="გაცნობითი შეხვედრა დონორის წარმომადგენლებთან; დონორი ითხოვს დეტალურ ბიუჯეტს.",
        next_step="დეტალური ბიუჯეტის გაგზავნა",
        # Every other item has let its next step slip, so the department sees it as overdue.
        next_step_due=today + datetime.timedelta(days=-3 if index % 2 else 10),
    )


def _drive(
    opportunity: Opportunity,
    target: str,
    closing: str,
    users: dict[str, User],
    meeting: CoordinationMeeting,
) -> None:
    """Move a fresh item along the lifecycle to ``target`` the way people would."""
    coordinator, minister = users["coordinator"], users["minister"]

    def step(name: str, user: User, comment: str = "", **inputs: object) -> None:
        services.opportunity_transition(
            opportunity=opportunity,
            user=user,
            name=name,
            comment=comment,
            **inputs,  # type: ignore[arg-type]
        )

    if target == Opportunity.State.IDENTIFIED:
        return
    if target == Opportunity.State.CLOSED and closing == "withdrawn":
        step("withdraw", coordinator, "ერთეულმა პრიორიტეტი შეცვალა.")
        return
    item = meetings_service.agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
    meetings_service.agenda_record(
        item=item,
        user=coordinator,
        outcome=AgendaItem.Outcome.PRESENTED,
        notes="საჭიროება დასაბუთებულია, ერთეულები მხარს უჭერენ.",
        ird_recommendation=data.IRD_RECOMMENDATIONS.get(opportunity.title, data.IRD_RECOMMENDATION),
    )
    opportunity.refresh_from_db()  # the meeting moved it through another copy of the row
    if target == Opportunity.State.PRESENTED:
        return
    if target == Opportunity.State.REJECTED:
        step("reject", minister, "არ შეესაბამება სამინისტროს მიმდინარე პრიორიტეტებს.")
        return
    step("approve", minister, "მხარდაჭერილია.")
    if target == Opportunity.State.APPROVED:
        return
    step("start_donor_communication", coordinator)
    _log_contact(opportunity, coordinator, opportunity.pk)
    if target == Opportunity.State.IN_COMMUNICATION:
        return
    if target == Opportunity.State.CLOSED and closing == "not_funded":
        step("mark_not_funded", coordinator, "დონორმა განაცხადი არ დააფინანსა.")
        return
    step(
        "start_monitoring",
        coordinator,
        confirmed_amount=opportunity.estimated_value,
        confirmed_currency=opportunity.currency,
        funding_start_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    if target == Opportunity.State.MONITORED:
        return
    step("close", coordinator, "პროექტი დასრულდა, საბოლოო ანგარიში მიღებულია.")


def _opportunities(
    units: dict[str, OrganisationalUnit],
    donors: dict[str, Donor],
    users: dict[str, User],
    meetings: list[CoordinationMeeting],
) -> str:
    existing = set(Opportunity.objects.values_list("title", flat=True))
    deadline_base = timezone.localdate()
    created = 0
    for index, (title, kind, donor, unit, need, value, currency) in enumerate(data.OPPORTUNITIES):
        if title in existing:
            continue
        author = users["focal"] if unit == "academy" else users["coordinator"]
        if unit == "border-police":
            author = users["focal2"]
        opportunity = services.opportunity_create(
            user=author,
            fields={
                "title": title,
                "description": f"{title}. მოკლე აღწერა დემონსტრაციისთვის.",
                "kind": kind,
                "donor": donors[donor],
                "owning_unit": units[unit],
                "estimated_value": Decimal(value),
                "currency": currency,
                "application_deadline": deadline_base + datetime.timedelta(days=7 + 9 * index),
                "need": need,
                "expected_results": "გაუმჯობესებული შესაძლებლობები და გადამზადებული თანამშრომლები.",
            },
            beneficiary_units=[units[unit]],
            kpis=[
                {
                    "name": "გადამზადებული თანამშრომლების რაოდენობა",
                    "unit": "პირი",
                    "baseline": Decimal(0),
                    "target": Decimal(20 + index),
                },
                # Some items say what they expect to contribute to a commitment's indicator.
                *serving_kpis(title),
            ],
        )
        target = LIFECYCLE_ORDER[index % len(LIFECYCLE_ORDER)]
        closing = CLOSING_PATHS[(index // len(LIFECYCLE_ORDER)) % len(CLOSING_PATHS)]
        past, upcoming = meetings[index % 2], meetings[-1]
        _drive(opportunity, target, closing, users, past)
        if target == Opportunity.State.IDENTIFIED and index % 2 == 0:
            # Some identified items already wait on the next meeting's agenda.
            meetings_service.agenda_add(
                meeting=upcoming, opportunity=opportunity, user=users["coordinator"]
            )
        created += 1
    return f"{created} opportunities created, {len(existing)} already present."


@transaction.atomic
def load_demo(*, password: str, report: Callable[[str], None] = print) -> None:
    units = _units()
    report(f"{len(units)} units.")
    donors = _donors()
    report(f"{len(donors)} donors and partners.")
    users = _users(units, password)
    report(f"{len(users)} demo accounts: " + ", ".join(users))
    meetings = _meetings(users["coordinator"], units)
    coordinator, today = users["coordinator"], timezone.localdate()
    # Commitments come first: opportunities, needs and projects say which ones they serve.
    report(load_commitments(units=units, donors=donors, coordinator=coordinator, today=today))
    report(_opportunities(units, donors, users, meetings))
    report(load_projects(donors=donors, units=units, coordinator=coordinator, today=today))
    report(load_needs_and_trainings(units=units, coordinator=coordinator, today=today))
    report(link_projects(coordinator=coordinator))
    report(load_action_plans(units=units, coordinator=coordinator, today=today))
