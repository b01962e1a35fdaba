"""What goes into a person's calendar: donor deadlines, progress report and obligation due
dates, and coordination meetings. Focal points and unit heads get their units' items; the
department, top management and viewers get everything."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from calendars.permissions import followed_unit_ids
from core.models import User
from notifications.links import item_url
from projects.models import Obligation, Project
from workflow.models import CoordinationMeeting, Opportunity

PAST_DAYS, FUTURE_DAYS = 30, 400
MEETING_LENGTH = datetime.timedelta(hours=2)


@dataclass(frozen=True)
class Entry:
    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime
    url: str
    place: str = ""


def _day(uid: str, summary: str, day: datetime.date, item: Any) -> Entry:
    return Entry(uid, summary, day, day + datetime.timedelta(days=1), item_url(item))


def _entries(units: set[int] | None, first: datetime.date, last: datetime.date) -> Iterator[Entry]:
    """Everything due or held between ``first`` and ``last``; ``units`` None for all units."""
    opportunities = Opportunity.objects.exclude(state__in=Opportunity.PAST_APPLICATION).filter(
        application_deadline__range=(first, last)
    )
    projects = Project.objects.filter(
        status__in=Project.REPORTING_STATUSES, next_report_due__range=(first, last)
    )
    obligations = Obligation.objects.select_related("project").filter(
        state__in=Obligation.WAITING_ON_UNIT, due_date__range=(first, last)
    )
    meetings = CoordinationMeeting.objects.filter(starts_at__date__range=(first, last))
    if units is not None:
        opportunities = opportunities.filter(owning_unit__in=units)
        projects = projects.filter(participants__unit__in=units).distinct()
        obligations = obligations.filter(responsible_unit__in=units)
        meetings = meetings.filter(
            Q(attendee_units__in=units) | Q(agenda_items__opportunity__owning_unit__in=units)
        ).distinct()
    for o in opportunities:
        assert o.application_deadline is not None  # filtered on above
        summary = _("Donor deadline: %(reference)s %(title)s")
        yield _day(
            f"opportunity-{o.pk}-deadline@donorflow",
            summary % {"reference": o.reference, "title": o.title},
            o.application_deadline,
            o,
        )
    for p in projects:
        assert p.next_report_due is not None  # filtered on above
        summary = _("Progress report due: %(title)s")
        yield _day(
            f"project-{p.pk}-report@donorflow",
            summary % {"title": p.title_ka},
            p.next_report_due,
            p,
        )
    for ob in obligations:
        summary = _("%(kind)s due: %(project)s")
        yield _day(
            f"obligation-{ob.pk}-{ob.due_date:%Y%m%d}@donorflow",
            summary % {"kind": ob.get_kind_display(), "project": ob.project.title_ka},
            ob.due_date,
            ob,
        )
    for m in meetings:
        end = m.starts_at + MEETING_LENGTH
        yield Entry(f"meeting-{m.pk}@donorflow", m.title, m.starts_at, end, item_url(m), m.place)


def calendar_for(user: User) -> bytes:
    """The person's calendar, in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        today = timezone.localdate()
        first = today - datetime.timedelta(days=PAST_DAYS)
        last = today + datetime.timedelta(days=FUTURE_DAYS)
        calendar = Calendar()
        calendar.add("prodid", "-//Donorflow//calendar//KA")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", f"Donorflow — {user.display_name}")
        stamp = timezone.now()
        for entry in _entries(followed_unit_ids(user), first, last):
            event = Event()
            event.add("uid", entry.uid)
            event.add("dtstamp", stamp)
            event.add("summary", entry.summary)
            event.add("dtstart", entry.start)
            event.add("dtend", entry.end)
            event.add("url", entry.url)
            event.add("description", entry.url)
            if entry.place:
                event.add("location", entry.place)
            calendar.add_component(event)
        return calendar.to_ical()
