"""The calendar link: secret, revocable, and each person's feed holds their items only."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from actionplans.models import ActionPlan, Activity, ActivityReport, PlanSection
from actionplans.quarters import report_due
from calendars.events import calendar_for
from calendars.models import CalendarFeed
from commitments.models import Commitment, Framework
from core.models import OrganisationalUnit, User
from projects.models import Obligation, ProjectParticipant
from tests.factories import MeetingFactory, OpportunityFactory, ProjectFactory

TODAY = datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC)


def link_of(client: Client) -> str:
    page = client.post("/calendar/renew/").content.decode()
    match = re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', page)
    assert match, page
    return match.group(1)


def urls(client: Client, link: str) -> dict[str, str]:
    calendar = Calendar.from_ical(client.get(link).content)
    return {str(e["uid"]): str(e["url"]) for e in calendar.walk("VEVENT")}


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


# --- Commitments and the action plan -----------------------------------------------------------


@pytest.fixture
def commitment_items(
    unit: OrganisationalUnit, other_unit: OrganisationalUnit, coordinator: User
) -> dict[str, object]:
    eu_aa = Framework.objects.get(code="eu-aa")
    ours = Commitment.objects.create(
        framework=eu_aa,
        reference="14.2",
        text_ka="სასაზღვრო თანამშრომლობის გაძლიერება " * 5,
        responsible_unit=unit,
        deadline=datetime.date(2026, 12, 20),
        created_by=coordinator,
    )
    supported = Commitment.objects.create(
        framework=eu_aa,
        reference="15",
        text_ka="მიგრაციის მართვა",
        responsible_unit=other_unit,
        deadline=datetime.date(2027, 2, 1),
        created_by=coordinator,
    )
    supported.supporting_units.add(unit)
    done = Commitment.objects.create(
        framework=eu_aa,
        reference="16",
        text_ka="შესრულებული",
        responsible_unit=unit,
        deadline=datetime.date(2026, 12, 22),
        status=Commitment.Status.DONE,
        created_by=coordinator,
    )
    theirs = Commitment.objects.create(
        framework=Framework.objects.get(code="un-cat"),
        reference="7",
        text_ka="წამების პრევენცია",
        responsible_unit=other_unit,
        deadline=datetime.date(2026, 12, 23),
        created_by=coordinator,
    )
    status_report = Obligation.objects.create(
        commitment=ours,
        kind=Obligation.Kind.STATUS_REPORT,
        description="კვარტალური ანგარიში ვალდებულებაზე",
        responsible_unit=unit,
        due_date=datetime.date(2026, 12, 31),
        recurrence=Obligation.Recurrence.QUARTERLY,
        created_by=coordinator,
    )
    national_report = Obligation.objects.create(
        commitment=theirs,
        kind=Obligation.Kind.NATIONAL_REPORT,
        description="ეროვნული ანგარიში კომიტეტს",
        responsible_unit=other_unit,
        due_date=datetime.date(2027, 3, 1),
        created_by=coordinator,
    )
    plan = ActionPlan.objects.create(year=2026, title="IRD 2026", created_by=coordinator)
    section = PlanSection.objects.create(plan=plan, number="1.1", title="თანამშრომლობა")

    def activity(number: str, responsible: OrganisationalUnit, deadline: datetime.date) -> Activity:
        return Activity.objects.create(
            plan=plan,
            section=section,
            number=number,
            text=f"საქმიანობა {number}",
            responsible_unit=responsible,
            deadline=deadline,
        )

    our_activity = activity("1.1.1", unit, datetime.date(2026, 12, 15))
    their_activity = activity("1.1.2", other_unit, datetime.date(2026, 12, 16))
    finished = activity("1.1.3", unit, datetime.date(2026, 12, 17))
    ActivityReport.objects.create(
        activity=finished, quarter=4, status="done", progress="…", reported_by=coordinator
    )
    unit_plan = ActionPlan.objects.create(
        year=2026, unit=unit, title="აკადემია 2026", created_by=coordinator
    )
    # The unit's own plan: the unit follows every activity in it, whoever answers for one.
    in_unit_plan = Activity.objects.create(
        plan=unit_plan,
        section=PlanSection.objects.create(plan=unit_plan, number="1", title="სწავლება"),
        number="1.1",
        text="ტრენინგი",
        responsible_unit=other_unit,
        deadline=datetime.date(2026, 12, 18),
    )
    return {
        "ours": ours,
        "supported": supported,
        "done": done,
        "theirs": theirs,
        "status_report": status_report,
        "national_report": national_report,
        "our_activity": our_activity,
        "their_activity": their_activity,
        "finished": finished,
        "in_unit_plan": in_unit_plan,
    }


@time_machine.travel(TODAY, tick=False)
def test_commitment_and_activity_deadlines_reach_those_responsible(
    commitment_items: dict, focal_point: User, client: Client
) -> None:
    c = commitment_items
    client.force_login(focal_point)
    link = link_of(client)
    found = events(client, link)
    assert set(found) == {
        f"commitment-{c['ours'].pk}-deadline@donorflow",
        f"commitment-{c['supported'].pk}-deadline@donorflow",  # the unit supports it
        f"obligation-{c['status_report'].pk}-20261231@donorflow",
        f"activity-{c['our_activity'].pk}-deadline@donorflow",
        f"activity-{c['in_unit_plan'].pk}-deadline@donorflow",
        # The fourth quarter's statuses, due in January: the unit's in the department's plan
        # (the finished activity owes none) and everyone's in the unit's own plan.
        f"plan-{c['our_activity'].plan_id}-unit-{c['our_activity'].responsible_unit_id}-q4@donorflow",
        f"plan-{c['in_unit_plan'].plan_id}-unit-{c['in_unit_plan'].responsible_unit_id}"
        "-q4@donorflow",
    }
    plan_key = f"plan-{c['our_activity'].plan_id}-unit-{c['our_activity'].responsible_unit_id}-q4"
    summary, start = found[f"{plan_key}@donorflow"]
    assert start == report_due(2026, 4) and summary.endswith("(1)") and "IV" in summary
    assert urls(client, link)[f"{plan_key}@donorflow"].endswith(
        f"/action-plans/{c['our_activity'].plan_id}/"
    )
    summary, start = found[f"commitment-{c['ours'].pk}-deadline@donorflow"]
    assert start == datetime.date(2026, 12, 20)
    with translation.override("ka"):  # in the person's language
        words = gettext("Commitment deadline: %(commitment)s %(text)s")
    assert summary.startswith(words.split("%(")[0])
    assert "EU-AA 14.2 სასაზღვრო" in summary
    assert summary.endswith("…") and len(summary) < 120  # the text cut short
    summary, _start = found[f"obligation-{c['status_report'].pk}-20261231@donorflow"]
    assert "EU-AA 14.2" in summary  # owed under the commitment: there is no project
    summary, start = found[f"activity-{c['our_activity'].pk}-deadline@donorflow"]
    assert "1.1.1" in summary and start == datetime.date(2026, 12, 15)
    # Each opens its page: the commitment's, the obligation's, the activity's status form.
    pages = urls(client, link)
    site = settings.DONORFLOW_SITE_URL
    assert pages[f"commitment-{c['ours'].pk}-deadline@donorflow"] == (
        f"{site}/commitments/{c['ours'].pk}/"
    )
    assert pages[f"obligation-{c['status_report'].pk}-20261231@donorflow"] == (
        f"{site}/obligations/{c['status_report'].pk}/"
    )
    assert pages[f"activity-{c['our_activity'].pk}-deadline@donorflow"] == (
        f"{site}/action-plans/activities/{c['our_activity'].pk}/report/"
    )


@time_machine.travel(TODAY, tick=False)
def test_the_department_calendar_holds_every_commitment_and_activity_deadline(
    commitment_items: dict, coordinator: User, client: Client
) -> None:
    c = commitment_items
    client.force_login(coordinator)
    found = events(client, link_of(client))
    for key in ("ours", "supported", "theirs"):
        assert f"commitment-{c[key].pk}-deadline@donorflow" in found
    for key in ("our_activity", "their_activity", "in_unit_plan"):
        assert f"activity-{c[key].pk}-deadline@donorflow" in found
    assert f"obligation-{c['national_report'].pk}-20270301@donorflow" in found
    # Done commitments and finished activities are no longer due.
    assert f"commitment-{c['done'].pk}-deadline@donorflow" not in found
    assert f"activity-{c['finished'].pk}-deadline@donorflow" not in found


@time_machine.travel(TODAY, tick=False)
def test_a_calendar_reads_a_few_queries_however_much_is_due(
    commitment_items: dict, items: dict, coordinator: User, unit: OrganisationalUnit
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            calendar_for(coordinator)
        return len(captured)

    queries()  # what a process reads once (the person's roles) is read before counting
    few = queries()
    theirs = commitment_items["theirs"]
    for n in range(10):
        Obligation.objects.create(
            commitment=theirs,
            kind=Obligation.Kind.NATIONAL_REPORT,
            description=f"ანგარიში {n}",
            responsible_unit=unit,
            due_date=datetime.date(2027, 1, n + 1),
            created_by=coordinator,
        )
    assert queries() == few
