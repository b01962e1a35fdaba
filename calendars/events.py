"""What goes into a person's calendar: donor deadlines, progress report and obligation due
dates, and coordination meetings. Focal points and unit heads get their units' items; the
department, top management and viewers get everything."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from core.models import User
from core.roles import Role
from notifications.links import item_url
from projects.models import Obligation, Project
from workflow.models import CoordinationMeeting, Opportunity

PAST_DAYS, FUTURE_DAYS = 30, 400
MEETING_LENGTH = datetime.timedelta(hours=2)
WHOLE_REGISTER = (Role.IRD_COORDINATOR, Role.TOP_MANAGEMENT, Role.VIEWER, Role.ADMIN)


def _units(user: User) -> set[int] | None:
    """The units whose items the person follows; None for everything."""
    if user.is_superuser or any(user.has_role(role) for role in WHOLE_REGISTER):
        return None
    return user.unit_ids_for(Role.FOCAL_POINT) | user.unit_ids_for(Role.UNIT_HEAD)


def _all_day(uid: str, summary: str, day: datetime.date, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("url", url)
    event.add("description", url)
    return event


def calendar_for(user: User) -> bytes:
    """The person's calendar, in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return _calendar(user)


def _calendar(user: User) -> bytes:
    today = timezone.localdate()
    first, last = (
        today - datetime.timedelta(days=PAST_DAYS),
        today + datetime.timedelta(days=FUTURE_DAYS),
    )
    followed = _units(user)
    everything = followed is None
    units = followed or set()
    calendar = Calendar()
    calendar.add("prodid", "-//Donorflow//calendar//KA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Donorflow — {user.display_name}")
    stamp = timezone.now()

    def add(event: Event) -> None:
        event.add("dtstamp", stamp)
        calendar.add_component(event)

    finished = (Opportunity.State.CLOSED, Opportunity.State.REJECTED, Opportunity.State.MONITORED)
    opportunities = Opportunity.objects.exclude(state__in=finished).filter(
        application_deadline__range=(first, last)
    )
    if not everything:
        opportunities = opportunities.filter(owning_unit__in=units)
    for o in opportunities:
        add(
            _all_day(
                f"opportunity-{o.pk}-deadline@donorflow",
                _("Donor deadline: %(reference)s %(title)s")
                % {"reference": o.reference, "title": o.title},
                o.application_deadline,
                item_url(o),
            )
        )

    projects = Project.objects.filter(
        status__in=Project.REPORTING_STATUSES, next_report_due__range=(first, last)
    )
    if not everything:
        projects = projects.filter(participants__unit__in=units).distinct()
    for p in projects:
        assert p.next_report_due is not None  # filtered on above
        add(
            _all_day(
                f"project-{p.pk}-report@donorflow",
                _("Progress report due: %(title)s") % {"title": p.title_ka},
                p.next_report_due,
                item_url(p),
            )
        )

    obligations = Obligation.objects.select_related("project").filter(
        state__in=Obligation.WAITING_ON_UNIT, due_date__range=(first, last)
    )
    if not everything:
        obligations = obligations.filter(responsible_unit__in=units)
    for ob in obligations:
        add(
            _all_day(
                f"obligation-{ob.pk}-{ob.due_date:%Y%m%d}@donorflow",
                _("%(kind)s due: %(project)s")
                % {"kind": ob.get_kind_display(), "project": ob.project.title_ka},
                ob.due_date,
                item_url(ob),
            )
        )

    meetings = CoordinationMeeting.objects.filter(starts_at__date__range=(first, last))
    if not everything:
        meetings = meetings.filter(
            Q(attendee_units__in=units) | Q(agenda_items__opportunity__owning_unit__in=units)
        ).distinct()
    for m in meetings:
        event = Event()
        event.add("uid", f"meeting-{m.pk}@donorflow")
        event.add("summary", m.title)
        event.add("dtstart", m.starts_at)
        event.add("dtend", m.starts_at + MEETING_LENGTH)
        if m.place:
            event.add("location", m.place)
        event.add("url", item_url(m))
        add(event)
    return calendar.to_ical()
