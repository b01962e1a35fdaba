"""Each role's home lists the work waiting for that person, with counts and due dates, each
line linking where the work is done; a person with several roles sees each role's sections;
the page reads a bounded number of queries whatever the number of items."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from core.models import Donor, OrganisationalUnit, User
from core.roles import Role
from projects.models import Obligation
from projects.services.obligations import obligation_transition
from tests.factories import (
    MeetingFactory,
    OpportunityFactory,
    ProjectFactory,
    UnitFactory,
    UserFactory,
)
from workflow.models import Opportunity
from workflow.services.meetings import agenda_add
from workflow.services.opportunities import opportunity_transition
from workflow.services.records import communication_log_add

pytestmark = pytest.mark.django_db

# A Wednesday; every test looks at the home as of this day.
TODAY = datetime.date(2027, 3, 10)
NOW = datetime.datetime(2027, 3, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def home(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, name: str) -> str:
    """The HTML of the section with id ``name`` (empty when the page has none)."""
    found = re.search(rf'<section[^>]* id="{name}"[^>]*>(.*?)</section>', page, re.S)
    return found.group(1) if found else ""


def count(page: str, name: str) -> int:
    found = re.search(rf'id="{name}" data-count="(\d+)"', page)
    assert found, f"no section {name}"
    return int(found.group(1))


def line_of(html: str, href: str) -> str:
    """The list line holding the link ``href``."""
    found = re.search(rf'<li class="([^"]*)">\s*<a href="{re.escape(href)}"', html)
    assert found, f"no line links {href}"
    return found.group(1)


# --- Focal point --------------------------------------------------------------------------------


def test_a_focal_point_sees_the_items_whose_next_move_is_theirs(
    make_opportunity: Callable[..., Opportunity],
    focal_point: User,
    other_unit: OrganisationalUnit,
) -> None:
    approved = make_opportunity("approved")
    talking = make_opportunity("in_communication")
    incomplete = make_opportunity("identified", expected_results="", with_kpi=False)
    ready = make_opportunity("identified")  # complete: the department's move now
    presented = make_opportunity("presented")  # top management's move
    elsewhere = make_opportunity("approved", owning_unit=other_unit)
    page = section(home(focal_point), "to-advance")
    for item in (approved, talking, incomplete):
        assert f'href="/opportunities/{item.pk}/"' in page
    for item in (ready, presented, elsewhere):
        assert f'href="/opportunities/{item.pk}/"' not in page
    assert count(home(focal_point), "to-advance") == 3


def test_a_focal_point_sees_an_item_and_a_report_returned_to_them(
    make_opportunity: Callable[..., Opportunity],
    make_obligation: Callable[..., Obligation],
    focal_point: User,
    minister: User,
    coordinator: User,
) -> None:
    item = make_opportunity("presented", application_deadline=days(5))
    opportunity_transition(
        opportunity=item, user=minister, name="return_for_revision", comment="ბიუჯეტი დააზუსტეთ"
    )
    obligation = make_obligation(due_date=days(-3))
    obligation_transition(obligation=obligation, user=focal_point, name="submit", report="ანგარიში")
    obligation_transition(
        obligation=obligation, user=coordinator, name="return_for_revision", comment="შეავსეთ"
    )
    page = home(focal_point)
    returned = section(page, "returned")
    assert line_of(returned, f"/opportunities/{item.pk}/") == "due-soon"
    assert line_of(returned, f"/obligations/{obligation.pk}/") == "due-past"
    assert count(page, "returned") == 2
    # Returned, it is no longer among the items waiting for the unit's move.
    assert f"/opportunities/{item.pk}/" not in section(page, "to-advance")
    # Nor among the obligations still to hand in for the first time.
    assert f"/obligations/{obligation.pk}/" not in section(page, "obligations-due")


def test_a_focal_point_sees_donor_follow_ups_due_in_the_next_two_weeks(
    make_opportunity: Callable[..., Opportunity], focal_point: User
) -> None:
    def talking(next_step_due: datetime.date) -> Opportunity:
        item = make_opportunity("in_communication")
        communication_log_add(
            opportunity=item,
            user=focal_point,
            occurred_on=days(-20),
            channel="email",
            summary="დონორმა მოითხოვა დამატებითი ინფორმაცია",
            next_step="ბიუჯეტის გაგზავნა",
            next_step_due=next_step_due,
        )
        return item

    late, soon, later = talking(days(-2)), talking(days(4)), talking(days(30))
    follow_ups = section(home(focal_point), "follow-ups")
    assert line_of(follow_ups, f"/opportunities/{late.pk}/#communication") == "due-past"
    assert line_of(follow_ups, f"/opportunities/{soon.pk}/#communication") == "due-soon"
    assert f"/opportunities/{later.pk}/" not in follow_ups
    assert follow_ups.index(f"/{late.pk}/") < follow_ups.index(f"/{soon.pk}/")


def test_a_focal_point_sees_the_obligations_and_progress_reports_the_unit_owes(
    make_obligation: Callable[..., Obligation],
    focal_point: User,
    unit: OrganisationalUnit,
    other_unit: OrganisationalUnit,
    coordinator: User,
) -> None:
    overdue = make_obligation(due_date=days(-1))
    soon = make_obligation(due_date=days(6))
    later = make_obligation(due_date=days(40))
    others = make_obligation(due_date=days(2), responsible_unit=other_unit)
    project = ProjectFactory.create(created_by=coordinator, next_report_due=days(3))
    project.participants.create(role="4", unit=unit)
    page = home(focal_point)
    owed = section(page, "obligations-due")
    assert line_of(owed, f"/obligations/{overdue.pk}/") == "due-past"
    assert line_of(owed, f"/obligations/{soon.pk}/") == "due-soon"
    assert line_of(owed, f"/obligations/{later.pk}/") == ""
    assert f"/obligations/{others.pk}/" not in owed
    assert line_of(owed, f"/projects/{project.pk}/#progress") == "due-soon"
    assert count(page, "obligations-due") == 4


def test_a_long_list_shows_its_first_lines_its_count_and_a_link_to_all_of_them(
    make_opportunity: Callable[..., Opportunity], focal_point: User, unit: OrganisationalUnit
) -> None:
    for _n in range(13):
        make_opportunity("approved")
    page = home(focal_point)
    advance = section(page, "to-advance")
    assert count(page, "to-advance") == 13
    assert advance.count('href="/opportunities/') == 10
    assert (
        f"/register/?state=identified&amp;state=approved&amp;state=in_communication&amp;owning_unit={unit.pk}"
        in advance
    )


# --- The department ------------------------------------------------------------------------


def test_the_department_sees_the_next_meeting_with_its_agenda_and_the_items_to_queue(
    make_opportunity: Callable[..., Opportunity], coordinator: User
) -> None:
    meeting = MeetingFactory.create(starts_at=NOW + datetime.timedelta(days=5))
    queued = make_opportunity("identified")
    agenda_add(meeting=meeting, opportunity=queued, user=coordinator)
    waiting = make_opportunity("identified")
    next_meeting = section(home(coordinator), "next-meeting")
    assert f'href="/meetings/{meeting.pk}/"' in next_meeting
    agenda = next_meeting.split("<ol>")[1].split("</ol>")[0]
    candidates = next_meeting.split("</ol>")[1]
    assert f"/opportunities/{queued.pk}/" in agenda
    assert f"/opportunities/{waiting.pk}/" in candidates
    assert f"/opportunities/{queued.pk}/" not in candidates


def test_the_department_sees_the_reports_to_accept(
    make_obligation: Callable[..., Obligation], focal_point: User, coordinator: User
) -> None:
    handed_in = make_obligation(due_date=days(-2))
    obligation_transition(obligation=handed_in, user=focal_point, name="submit", report="ანგარიში")
    still_open = make_obligation(due_date=days(-2))
    page = home(coordinator)
    to_accept = section(page, "to-accept")
    # Handed in: it is no longer late, whatever its due date.
    assert line_of(to_accept, f"/obligations/{handed_in.pk}/") == ""
    assert f"/obligations/{still_open.pk}/" not in to_accept
    assert count(page, "to-accept") == 1


def test_the_department_sees_what_is_overdue_by_unit(
    make_obligation: Callable[..., Obligation],
    coordinator: User,
    unit: OrganisationalUnit,
    other_unit: OrganisationalUnit,
) -> None:
    make_obligation(due_date=days(-3))
    make_obligation(due_date=days(-30))
    make_obligation(due_date=days(3))
    make_obligation(due_date=days(-1), responsible_unit=other_unit)
    by_unit = section(home(coordinator), "overdue-by-unit")
    rows = re.findall(
        r"<tr><th scope=\"row\">(.*?)</th>.*?>(\d+)</a>.*?(\d\d\.\d\d\.\d{4})", by_unit, re.S
    )
    assert rows == [(unit.name_ka, "2", "08.02.2027"), (other_unit.name_ka, "1", "09.03.2027")]
    assert f"/obligations/?responsible_unit={unit.pk}&amp;overdue=true" in by_unit


def test_the_department_sees_items_stuck_beyond_the_agreed_limit(
    make_opportunity: Callable[..., Opportunity], coordinator: User, settings: Any
) -> None:
    settings.INSIGHT_STUCK_DAYS = {"presented": 10}
    stuck = make_opportunity("presented", state_changed_at=NOW - datetime.timedelta(days=11))
    fresh = make_opportunity("presented", state_changed_at=NOW - datetime.timedelta(days=9))
    page = home(coordinator)
    assert f"/opportunities/{stuck.pk}/" in section(page, "stuck")
    assert f"/opportunities/{fresh.pk}/" not in section(page, "stuck")
    assert count(page, "stuck") == 1


# --- Top management ------------------------------------------------------------------------


def test_top_management_sees_each_decision_waiting_with_a_link_to_its_brief(
    make_opportunity: Callable[..., Opportunity], minister: User
) -> None:
    urgent = make_opportunity("presented", application_deadline=days(2))
    calm = make_opportunity("presented", application_deadline=days(60))
    make_opportunity("approved")
    page = home(minister)
    decisions = section(page, "decisions")
    assert line_of(decisions, f"/decisions/{urgent.pk}/") == "due-soon"
    assert line_of(decisions, f"/decisions/{calm.pk}/") == ""
    assert decisions.index(f"/decisions/{urgent.pk}/") < decisions.index(f"/decisions/{calm.pk}/")
    assert count(page, "decisions") == 2


def test_top_management_sees_the_obligations_escalated_to_it(
    make_obligation: Callable[..., Obligation], minister: User
) -> None:
    # The ladder tells top management from the fourteenth day overdue.
    escalated = make_obligation(due_date=days(-20))
    not_yet = make_obligation(due_date=days(-6))
    escalations = section(home(minister), "escalations-top")
    assert line_of(escalations, f"/obligations/{escalated.pk}/") == "due-past"
    assert f"/obligations/{not_yet.pk}/" not in escalations


# --- Unit heads and the department's head --------------------------------------------------


def test_a_unit_head_sees_every_escalation_about_the_unit(
    make_obligation: Callable[..., Obligation],
    make_opportunity: Callable[..., Opportunity],
    unit_head: User,
    other_unit: OrganisationalUnit,
) -> None:
    # The ladder tells the unit's head from the third day overdue.
    escalated = make_obligation(due_date=days(-6))
    just_late = make_obligation(due_date=days(-1))
    elsewhere = make_obligation(due_date=days(-6), responsible_unit=other_unit)
    # Approved three weeks ago and the donor not contacted: the head is told.
    silent = make_opportunity("approved", state_changed_at=NOW - datetime.timedelta(days=22))
    recent = make_opportunity("approved", state_changed_at=NOW - datetime.timedelta(days=3))
    page = home(unit_head)
    escalations = section(page, "head-escalations")
    assert line_of(escalations, f"/obligations/{escalated.pk}/") == "due-past"
    assert f"/obligations/{just_late.pk}/" not in escalations
    assert f"/obligations/{elsewhere.pk}/" not in escalations
    assert f"/opportunities/{silent.pk}/" in escalations
    assert f"/opportunities/{recent.pk}/" not in escalations
    assert count(page, "head-escalations") == 2
    # What is overdue, by unit: only the unit's own.
    overdue = section(page, "head-overdue")
    assert '<th scope="row">' + str(escalated.responsible_unit.name_ka) in overdue
    assert other_unit.name_ka not in overdue


def test_the_unit_head_named_on_the_unit_sees_it_too(
    make_obligation: Callable[..., Obligation], unit: OrganisationalUnit
) -> None:
    head = UserFactory.create(username="named-head")
    unit.head = head
    unit.save()
    escalated = make_obligation(due_date=days(-6))
    assert f"/obligations/{escalated.pk}/" in section(home(head), "head-escalations")


def test_the_departments_head_sees_escalations_about_every_unit(
    make_obligation: Callable[..., Obligation], other_unit: OrganisationalUnit
) -> None:
    department = UnitFactory.create(code="ird", name_ka="საერთაშორისო ურთიერთობების დეპარტამენტი")
    division = UnitFactory.create(code="ird-projects", parent=department)
    head = UserFactory.create(username="irdhead", roles=[(Role.UNIT_HEAD, department)])
    # The ladder tells the department's head from the seventh day overdue, about any unit.
    anywhere = make_obligation(due_date=days(-9), responsible_unit=other_unit)
    not_yet = make_obligation(due_date=days(-5), responsible_unit=other_unit)
    # The department's own division: its head is told from the third day.
    own = make_obligation(due_date=days(-5), responsible_unit=division)
    page = home(head)
    escalations = section(page, "head-escalations")
    assert f"/obligations/{anywhere.pk}/" in escalations
    assert f"/obligations/{own.pk}/" in escalations
    assert f"/obligations/{not_yet.pk}/" not in escalations
    overdue = section(page, "head-overdue")
    assert other_unit.name_ka in overdue and division.name_ka in overdue


def test_a_unit_heads_escalations_say_nothing_is_escalated_only_when_nothing_is(
    make_opportunity: Callable[..., Opportunity], unit_head: User
) -> None:
    """The section's count and its lines agree: with only an approved item left silent, it
    counts one, lists it under its heading and says nothing about an empty list."""
    with translation.override("ka"):
        nothing = [gettext("Nothing about your units is escalated."), gettext("Nothing here.")]
    page = home(unit_head)
    empty = section(page, "head-escalations")
    assert count(page, "head-escalations") == 0
    assert f'<p class="muted">{nothing[0]}</p>' in empty and nothing[1] not in empty
    silent = make_opportunity("approved", state_changed_at=NOW - datetime.timedelta(days=22))
    page = home(unit_head)
    escalations = section(page, "head-escalations")
    assert count(page, "head-escalations") == 1
    assert f"/opportunities/{silent.pk}/" in escalations
    assert all(message not in escalations for message in nothing)


def test_an_administrator_without_a_role_sees_the_headline_and_what_to_put_right(
    make_opportunity: Callable[..., Opportunity],
) -> None:
    from axes.models import AccessAttempt
    from django.conf import settings

    from notifications.models import Notification

    admin = UserFactory.create(username="root", is_superuser=True, is_staff=True)
    make_opportunity("presented")
    Notification.objects.create(kind="x", email="a@people.test", status="failed", dedupe_key="1")
    Notification.objects.create(kind="x", email="b@people.test", status="sent", dedupe_key="2")
    AccessAttempt.objects.create(
        username="focal",
        ip_address="10.0.0.1",
        user_agent="phone",
        http_accept="*/*",
        path_info="/account/login/",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    page = home(admin)
    assert '<a href="/register/?state=presented"><strong>1</strong>' in section(page, "headline")
    assert count(page, "administration") == 2
    administration = section(page, "administration")
    assert '?status__in=failed,sending"><strong>1</strong>' in administration
    assert '/admin/axes/accessattempt/"><strong>1</strong>' in administration
    client = Client()
    client.force_login(admin)
    for href in re.findall(r'href="([^"]+)"', administration):
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href


# --- Viewer, several roles, none ---------------------------------------------------------------


def test_a_viewer_sees_the_dashboards_headline(
    make_opportunity: Callable[..., Opportunity], viewer: User
) -> None:
    make_opportunity("presented")
    make_opportunity("presented")
    make_opportunity("identified", application_deadline=days(-3))
    headline = section(home(viewer), "headline")
    assert '<a href="/register/?state=presented"><strong>2</strong>' in headline
    assert '<a href="/register/?missed=true"><strong>1</strong>' in headline


def test_a_person_with_several_roles_sees_each_roles_sections(unit: OrganisationalUnit) -> None:
    person = UserFactory.create(
        roles=[(Role.FOCAL_POINT, unit), (Role.IRD_COORDINATOR, None), (Role.TOP_MANAGEMENT, None)]
    )
    page = home(person)
    for name in ("to-advance", "to-accept", "decisions", "stuck"):
        assert section(page, name), name
    assert not section(page, "headline")


def test_someone_with_no_role_sees_no_work_sections(outsider: User) -> None:
    assert 'class="card work-list"' not in home(outsider)


# --- Bounded queries --------------------------------------------------------------------------


def _everyone(unit: OrganisationalUnit) -> User:
    return UserFactory.create(
        username="everyone",
        roles=[
            (Role.FOCAL_POINT, unit),
            (Role.IRD_COORDINATOR, None),
            (Role.TOP_MANAGEMENT, None),
            (Role.UNIT_HEAD, unit),
            (Role.VIEWER, None),
        ],
    )


def _add_work(
    n: int,
    unit: OrganisationalUnit,
    donor: Donor,
    coordinator: User,
    make_obligation: Callable[..., Obligation],
) -> None:
    """``n`` lines for every list on the home page."""
    meeting = MeetingFactory.create(starts_at=NOW + datetime.timedelta(days=5))
    project = ProjectFactory.create(created_by=coordinator)
    for i in range(n):
        common: dict[str, Any] = {"owning_unit": unit, "donor": donor, "created_by": coordinator}
        for state in ("approved", "in_communication", "presented"):
            OpportunityFactory.create(
                state=state, state_changed_at=NOW - datetime.timedelta(days=90), **common
            )
        queued = OpportunityFactory.create(state="identified", **common)
        agenda_add(meeting=meeting, opportunity=queued, user=coordinator)
        OpportunityFactory.create(state="identified", application_deadline=days(-1), **common)
        make_obligation(project=project, due_date=days(-20 - i))
        make_obligation(project=project, due_date=days(3 + i))
        Obligation.objects.filter(pk=make_obligation(project=project).pk).update(
            state=Obligation.State.SUBMITTED
        )
        reporting = ProjectFactory.create(created_by=coordinator, next_report_due=days(i))
        reporting.participants.create(role="4", unit=unit)


def _queries(user: User) -> int:
    client = Client()
    client.force_login(user)
    client.get("/")  # the session and the user, once
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_home_reads_as_many_queries_for_many_items_as_for_few(
    unit: OrganisationalUnit,
    donor: Donor,
    coordinator: User,
    make_obligation: Callable[..., Obligation],
    django_assert_max_num_queries: Any,
) -> None:
    person = _everyone(unit)
    # Past ten lines each list is cut and counted: from there the queries must stay the same.
    _add_work(11, unit, donor, coordinator, make_obligation)
    few = _queries(person)
    _add_work(9, unit, donor, coordinator, make_obligation)
    many = _queries(person)
    assert many <= few
    client = Client()
    client.force_login(person)
    with django_assert_max_num_queries(few):
        page = client.get("/").content.decode()
    # Every list is long enough to be cut, and says how many there are.
    assert count(page, "to-advance") == 40 and count(page, "decisions") == 20
