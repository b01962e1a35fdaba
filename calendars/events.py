"""What goes into a person's calendar: donor deadlines, progress report and obligation due
dates (a project's, or a commitment's status and national reports), commitment deadlines,
action-plan activity deadlines, the days the plan's quarterly statuses are due and
coordination meetings. Focal points and unit heads get
their units' items; the department, top management and viewers get everything."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from actionplans.models import ActionPlan, Activity, ActivityReport
from actionplans.quarters import QUARTERS, ROMAN, report_due
from calendars.permissions import followed_unit_ids
from commitments.models import Commitment
from core.models import User
from notifications.links import item_path
from projects.models import Obligation, Project
from workflow.models import CoordinationMeeting, Opportunity

PAST_DAYS, FUTURE_DAYS = 30, 400
MEETING_LENGTH = datetime.timedelta(hours=2)
# How much of a commitment's or an activity's text a calendar line carries.
SUMMARY_TEXT = 80


@dataclass(frozen=True)
class Entry:
    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime
    # The item's page on the site.
    path: str
    place: str = ""

    @property
    def url(self) -> str:
        return settings.DONORFLOW_SITE_URL + self.path

    @property
    def timed(self) -> bool:
        """Held at a time (a meeting), not due on a day (a deadline still owed)."""
        return isinstance(self.start, datetime.datetime)

    @property
    def day(self) -> datetime.date:
        if isinstance(self.start, datetime.datetime):
            return timezone.localdate(self.start)
        return self.start


def _day(uid: str, summary: str, day: datetime.date, item: Any) -> Entry:
    return Entry(uid, summary, day, day + datetime.timedelta(days=1), item_path(item))


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(SUMMARY_TEXT)


def _entries(units: set[int] | None, first: datetime.date, last: datetime.date) -> Iterator[Entry]:
    """Everything due or held between ``first`` and ``last``; ``units`` None for all units."""
    opportunities = Opportunity.objects.exclude(state__in=Opportunity.PAST_APPLICATION).filter(
        application_deadline__range=(first, last)
    )
    projects = Project.objects.filter(
        status__in=Project.REPORTING_STATUSES, next_report_due__range=(first, last)
    )
    # Owed under a project or under a commitment (a status report, a national report).
    obligations = Obligation.objects.select_related("project", "commitment__framework").filter(
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
        summary = _("%(kind)s due: %(owed_under)s")
        yield _day(
            f"obligation-{ob.pk}-{ob.due_date:%Y%m%d}@donorflow",
            summary % {"kind": ob.get_kind_display(), "owed_under": ob.owed_under},
            ob.due_date,
            ob,
        )
    yield from _commitment_and_plan_entries(units, first, last)
    for m in meetings:
        end = m.starts_at + MEETING_LENGTH
        yield Entry(f"meeting-{m.pk}@donorflow", m.title, m.starts_at, end, item_path(m), m.place)


def _commitment_and_plan_entries(
    units: set[int] | None, first: datetime.date, last: datetime.date
) -> Iterator[Entry]:
    """Deadlines of commitments not yet done, and of action-plan activities not yet finished.
    A unit follows the commitments it is responsible for or supports, the activities it
    answers for, and every activity of its own plan."""
    commitments = (
        Commitment.objects.select_related("framework")
        .exclude(status=Commitment.Status.DONE)
        .filter(deadline__range=(first, last))
    )
    finished = ActivityReport.objects.filter(
        activity=OuterRef("pk"), status__in=ActivityReport.FINISHED
    )
    activities = Activity.objects.exclude(Exists(finished)).filter(deadline__range=(first, last))
    if units is not None:
        commitments = commitments.filter(
            Q(responsible_unit__in=units) | Q(supporting_units__in=units)
        ).distinct()
        activities = activities.filter(Q(responsible_unit__in=units) | Q(plan__unit__in=units))
    for c in commitments:
        assert c.deadline is not None  # filtered on above
        summary = _("Commitment deadline: %(commitment)s %(text)s")
        yield _day(
            f"commitment-{c.pk}-deadline@donorflow",
            summary % {"commitment": c, "text": _short(c.text)},
            c.deadline,
            c,
        )
    for a in activities:
        assert a.deadline is not None  # filtered on above
        summary = _("Action plan activity due: %(number)s %(text)s")
        yield _day(
            f"activity-{a.pk}-deadline@donorflow",
            summary % {"number": a.number, "text": _short(a.text)},
            a.deadline,
            a,
        )
    yield from _quarter_status_entries(units, first, last)


def _quarter_status_entries(
    units: set[int] | None, first: datetime.date, last: datetime.date
) -> Iterator[Entry]:
    """The day each quarter's statuses are due, once per plan and responsible unit, with how
    many of its activities still owe that quarter (one line, not one per activity)."""
    years = range(first.year - 1, last.year + 1)
    due_days = {
        (year, quarter): report_due(year, quarter) for year in years for quarter in QUARTERS
    }
    wanted = {key: day for key, day in due_days.items() if first <= day <= last}
    if not wanted:
        return
    activities = (
        Activity.objects.filter(plan__year__in={year for year, _quarter in wanted})
        .select_related("plan", "responsible_unit")
        .prefetch_related("reports")
        .order_by("plan__year", "plan_id", "responsible_unit_id", "position")
    )
    if units is not None:
        activities = activities.filter(Q(responsible_unit__in=units) | Q(plan__unit__in=units))
    owing: dict[tuple[ActionPlan, Any, int], int] = {}
    for activity in activities:
        reported = activity.reported_quarters()
        for quarter in QUARTERS:
            if (activity.plan.year, quarter) in wanted and activity.owes(quarter, reported):
                key = (activity.plan, activity.responsible_unit, quarter)
                owing[key] = owing.get(key, 0) + 1
    for (plan, unit, quarter), count in owing.items():
        summary = _("Quarterly statuses due: %(plan)s, quarter %(quarter)s — %(unit)s (%(count)s)")
        yield _day(
            f"plan-{plan.pk}-unit-{unit.pk}-q{quarter}@donorflow",
            summary % {"plan": plan, "quarter": ROMAN[quarter], "unit": unit.name, "count": count},
            wanted[(plan.year, quarter)],
            plan,
        )


def upcoming(user: User, days: int) -> list[Entry]:
    """What the person's calendar holds from today for ``days`` days, soonest first (the
    calendar page lists it)."""
    today = timezone.localdate()
    entries = _entries(followed_unit_ids(user), today, today + datetime.timedelta(days=days))
    return sorted(entries, key=lambda entry: (entry.day, entry.summary))


def recent(user: User, days: int) -> list[Entry]:
    """What the person's calendar held in the ``days`` days before today, latest first: the
    meetings held, and the deadlines passed whose items are still open (the calendar page
    lists it beside what comes)."""
    today = timezone.localdate()
    first, last = today - datetime.timedelta(days=days), today - datetime.timedelta(days=1)
    entries = _entries(followed_unit_ids(user), first, last)
    return sorted(entries, key=lambda entry: (entry.day, entry.summary), reverse=True)


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
