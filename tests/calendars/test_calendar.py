"""The calendar link: secret, revocable, and each person's feed holds their items only."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from calendars.models import CalendarFeed
from core.models import OrganisationalUnit, User
from projects.models import Obligation, ProjectParticipant
from tests.factories import MeetingFactory, OpportunityFactory, ProjectFactory

TODAY = datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC)


def link_of(client: Client) -> str:
    page = client.post("/calendar/renew/").content.decode()
    match = re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', page)
    assert match, page
    return match.group(1)


def events(client: Client, link: str) -> dict[str, tuple[str, object]]:
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {
        str(e["uid"]): (str(e["summary"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT")
    }


@pytest.fixture
def items(unit: OrganisationalUnit, other_unit: OrganisationalUnit, coordinator: User, donor):
    ours = OpportunityFactory.create(
        owning_unit=unit, donor=donor, application_deadline=datetime.date(2026, 12, 10)
    )
    theirs = OpportunityFactory.create(
        owning_unit=other_unit, donor=donor, application_deadline=datetime.date(2026, 12, 11)
    )
    project = ProjectFactory.create(
        next_report_due=datetime.date(2027, 1, 15), created_by=coordinator
    )
    project.participants.create(role=ProjectParticipant.Role.IMPLEMENTING, unit=unit)
    obligation = Obligation.objects.create(
        project=project,
        kind=Obligation.Kind.FINANCIAL_REPORT,
        description="ფინანსური ანგარიში",
        responsible_unit=unit,
        due_date=datetime.date(2026, 12, 31),
        created_by=coordinator,
    )
    meeting = MeetingFactory.create(
        starts_at=datetime.datetime(2026, 12, 3, 8, tzinfo=datetime.UTC)
    )
    meeting.attendee_units.add(unit)
    other_meeting = MeetingFactory.create(
        starts_at=datetime.datetime(2026, 12, 4, 8, tzinfo=datetime.UTC)
    )
    return {
        "ours": ours,
        "theirs": theirs,
        "project": project,
        "obligation": obligation,
        "meeting": meeting,
        "other_meeting": other_meeting,
    }


@time_machine.travel(TODAY, tick=False)
def test_focal_point_calendar_holds_their_units_items(
    items: dict,
    focal_point: User,
    client: Client,
) -> None:
    client.force_login(focal_point)
    link = link_of(client)
    client.logout()  # calendar programs do not sign in
    found = events(client, link)
    assert set(found) == {
        f"opportunity-{items['ours'].pk}-deadline@donorflow",
        f"project-{items['project'].pk}-report@donorflow",
        f"obligation-{items['obligation'].pk}-20261231@donorflow",
        f"meeting-{items['meeting'].pk}@donorflow",
    }
    summary, start = found[f"opportunity-{items['ours'].pk}-deadline@donorflow"]
    assert start == datetime.date(2026, 12, 10)
    assert items["ours"].reference in summary
    assert summary.startswith("დონორის ვადა:")  # in the person's language


@time_machine.travel(TODAY, tick=False)
def test_department_calendar_holds_everything(
    items: dict,
    coordinator: User,
    client: Client,
) -> None:
    client.force_login(coordinator)
    found = events(client, link_of(client))
    assert f"opportunity-{items['theirs'].pk}-deadline@donorflow" in found
    assert f"meeting-{items['other_meeting'].pk}@donorflow" in found


def test_link_is_secret_renewable_and_revocable(focal_point: User, client: Client) -> None:
    client.force_login(focal_point)
    first = link_of(client)
    token = first.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarFeed.objects.get(user=focal_point)
    assert token not in stored.token_hash  # only a hash is kept
    assert token not in client.get("/calendar/").content.decode()  # shown once only

    second = link_of(client)
    assert client.get(first).status_code == 404  # the old link stops working
    assert client.get(second).status_code == 200

    client.post("/calendar/revoke/")
    assert client.get(second).status_code == 404
    assert not CalendarFeed.objects.filter(user=focal_point).exists()
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_link_of_a_deactivated_person_stops_working(focal_point: User, client: Client) -> None:
    client.force_login(focal_point)
    link = link_of(client)
    focal_point.is_active = False
    focal_point.save()
    assert client.get(link).status_code == 404


def test_making_a_link_needs_sign_in_and_post(focal_point: User, client: Client) -> None:
    assert client.post("/calendar/renew/").status_code == 302
    client.force_login(focal_point)
    assert client.get("/calendar/renew/").status_code == 405
