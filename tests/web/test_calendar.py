"""The calendar page: making, replacing and revoking one's calendar link, and what is due in
the coming days and what it held in the last 30 (what the feed holds is tested in tests/calendars)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import Commitment, Framework
from projects.models import Obligation
from tests.factories import MeetingFactory
from tests.web import signed_in

pytestmark = pytest.mark.django_db


def test_the_link_is_shown_on_the_answer_that_made_it_only(focal_point) -> None:
    client = signed_in(focal_point)
    assert 'action="/calendar/renew/"' in client.get("/calendar/").content.decode()
    made = client.post("/calendar/renew/")
    assert made.status_code == 200 and made["Cache-Control"].startswith("max-age=0")
    page = made.content.decode()
    assert 'id="calendar-link"' in page and ".ics" in page
    again = client.get("/calendar/").content.decode()
    assert 'id="calendar-link"' not in again and 'action="/calendar/revoke/"' in again


def test_revoking_says_so_and_offers_a_new_link(focal_point) -> None:
    client = signed_in(focal_point)
    client.post("/calendar/renew/")
    revoked = client.post("/calendar/revoke/", follow=True)
    page = revoked.content.decode()
    assert revoked.redirect_chain == [("/calendar/", 302)]
    assert 'action="/calendar/revoke/"' not in page


def test_the_page_lists_what_the_calendar_holds_soonest_first(
    focal_point, unit, coordinator
) -> None:
    today = timezone.localdate()
    commitment = Commitment.objects.create(
        framework=Framework.objects.get(code="eu-aa"),
        reference="14.2",
        text_ka="სასაზღვრო თანამშრომლობა",
        responsible_unit=unit,
        deadline=today + datetime.timedelta(days=20),
        created_by=coordinator,
    )
    report = Obligation.objects.create(
        commitment=commitment,
        kind=Obligation.Kind.STATUS_REPORT,
        description="ანგარიში",
        responsible_unit=unit,
        due_date=today + datetime.timedelta(days=5),
        created_by=coordinator,
    )
    later = Commitment.objects.create(
        framework=Framework.objects.get(code="eu-aa"),
        reference="15",
        text_ka="მოგვიანებით",
        responsible_unit=unit,
        deadline=today + datetime.timedelta(days=90),  # beyond what the page lists
        created_by=coordinator,
    )
    page = signed_in(focal_point).get("/calendar/").content.decode()
    upcoming = page.split('id="upcoming"', 1)[1].split("</section>", 1)[0]
    first = upcoming.index(f'data-uid="obligation-{report.pk}-')
    second = upcoming.index(f'data-uid="commitment-{commitment.pk}-deadline@donorflow"')
    assert first < second
    assert f"{report.due_date:%d.%m.%Y}" in upcoming and "EU-AA 14.2" in upcoming
    assert f'href="/obligations/{report.pk}/"' in upcoming
    assert f"commitment-{later.pk}-" not in upcoming


def test_the_page_says_when_nothing_is_due(outsider) -> None:
    page = signed_in(outsider).get("/calendar/").content.decode()
    assert "<li data-uid" not in page.split('id="upcoming"', 1)[1]


def _owed(unit, coordinator, days: int) -> Obligation:
    commitment = Commitment.objects.create(
        framework=Framework.objects.get(code="eu-aa"),
        reference=f"ვალდებულება {days}",
        text_ka="სასაზღვრო თანამშრომლობა",
        responsible_unit=unit,
        created_by=coordinator,
    )
    return Obligation.objects.create(
        commitment=commitment,
        kind=Obligation.Kind.STATUS_REPORT,
        description="ანგარიში",
        responsible_unit=unit,
        due_date=timezone.localdate() + datetime.timedelta(days=days),
        created_by=coordinator,
    )


def _section(page: str, name: str) -> str:
    return page.split(f'id="{name}"', 1)[1].split("</section>", 1)[0]


def test_the_page_lists_the_last_30_days_apart_latest_first(focal_point, unit, coordinator) -> None:
    """What just happened is listed apart from what comes: meetings held and deadlines passed
    whose items are still open (in red), latest first; nothing older than 30 days."""
    late = _owed(unit, coordinator, -5)
    older = _owed(unit, coordinator, -20)
    too_old = _owed(unit, coordinator, -40)
    coming = _owed(unit, coordinator, 5)
    held = MeetingFactory.create(
        starts_at=timezone.now() - datetime.timedelta(days=10), place="ოთახი 5"
    )
    held.attendee_units.add(unit)
    page = signed_in(focal_point).get("/calendar/").content.decode()
    recent, upcoming = _section(page, "recent"), _section(page, "upcoming")

    uids = [
        f'data-uid="obligation-{late.pk}-',
        f'data-uid="meeting-{held.pk}@donorflow" class=""',
        f'data-uid="obligation-{older.pk}-',
    ]
    positions = [recent.index(uid) for uid in uids]
    assert positions == sorted(positions)
    assert f"{late.due_date:%d.%m.%Y}" in recent and f'href="/obligations/{late.pk}/"' in recent
    assert recent.count('class="due-past"') == 2
    assert f"obligation-{too_old.pk}-" not in page
    assert f"obligation-{coming.pk}-" in upcoming and f"obligation-{coming.pk}-" not in recent
    assert f"obligation-{late.pk}-" not in upcoming


def test_the_last_30_days_read_as_many_queries_for_many_entries_as_for_one(
    focal_point, unit, coordinator, django_assert_max_num_queries
) -> None:
    _owed(unit, coordinator, -3)
    client = signed_in(focal_point)
    client.get("/calendar/")  # the session and the user, once
    with CaptureQueriesContext(connection) as one:
        client.get("/calendar/")
    for days in range(-29, -4):
        _owed(unit, coordinator, days)
        MeetingFactory.create(
            starts_at=timezone.now() + datetime.timedelta(days=days)
        ).attendee_units.add(unit)
    with django_assert_max_num_queries(len(one)):
        page = client.get("/calendar/").content.decode()
    assert _section(page, "recent").count("<li data-uid") == 1 + 2 * 25
