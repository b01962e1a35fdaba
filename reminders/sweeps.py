"""The sweeps beat runs: for each kind of item, what is due, who hears and what happens next.

Each ``fire`` reads one item whose due column has come and says what to send and when to look
again. It acts on where the item's series stands today (``Series.reached``), so a late sweep
sends one message, not a burst. Event keys name the item, its anchor date and the mark, so the
same reminder can never be sent twice, however often a sweep runs.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from notifications.recipients import (
    Recipient,
    by_rule,
    coordinators,
    responsible_unit,
    top_management,
    unit_head,
)
from projects.models import Obligation, Project
from reminders.runner import Firing, Message, Sweep
from scheduling import policy
from scheduling.series import Series
from workflow.models import AgendaItem, CoordinationMeeting, Opportunity


def _iso(day: datetime.date) -> str:
    return day.isoformat()


def _opportunity_context(opportunity: Opportunity) -> dict[str, object]:
    return {"reference": opportunity.reference, "title": opportunity.title}


# --- Opportunities ---------------------------------------------------------------------------


def fire_deadline(opportunity: Opportunity, now: datetime.datetime) -> Firing:
    """The missed-opportunity guard: the donor's deadline nears and the item is not approved."""
    today = timezone.localdate(now)
    deadline = opportunity.application_deadline
    if opportunity.state not in Opportunity.BEFORE_APPROVAL or not deadline or deadline < today:
        return Firing(next_due=None)
    series = policy.deadline_series()
    offset = series.reached(deadline, today)
    if offset is None:  # the rules changed since this was planned
        return Firing(next_due=series.plan(deadline, today))
    days_left = (deadline - today).days
    recipients = responsible_unit(opportunity.owning_unit) + coordinators()
    if days_left <= policy.deadline_top_management_within():
        recipients += top_management()
    message = Message(
        kind="opportunity.deadline",
        item=opportunity,
        recipients=recipients,
        context=_opportunity_context(opportunity)
        | {"deadline": _iso(deadline), "days_left": days_left, "state": opportunity.state},
        event_key=f"deadline-{opportunity.pk}-{deadline}-{offset}",
    )
    return Firing(series.following(deadline, today), [message])


def fire_follow_up(opportunity: Opportunity, now: datetime.datetime) -> Firing:
    """A decision pending too long (top management); approved but no donor contact yet (the
    unit's focal points, then its head)."""
    today = timezone.localdate(now)
    since = timezone.localdate(opportunity.state_changed_at or opportunity.created_at)
    if opportunity.state == Opportunity.State.PRESENTED:
        series = policy.decision_series()
    elif opportunity.state == Opportunity.State.APPROVED:
        series = policy.communication_series()
    else:
        return Firing(next_due=None)
    offset = series.reached(since, today)
    if offset is None:
        return Firing(next_due=series.plan(since, today))
    context = _opportunity_context(opportunity) | {
        "since": _iso(since),
        "days": (today - since).days,
    }
    if opportunity.state == Opportunity.State.PRESENTED:
        kind, recipients = "opportunity.decision_pending", top_management() + coordinators()
    elif series.position(offset) == 0:
        kind, recipients = (
            "opportunity.communication_pending",
            responsible_unit(opportunity.owning_unit),
        )
    else:
        kind = "opportunity.communication_escalation"
        recipients = responsible_unit(opportunity.owning_unit) + unit_head(opportunity.owning_unit)
    message = Message(
        kind=kind,
        item=opportunity,
        recipients=recipients,
        context=context,
        event_key=f"follow-up-{opportunity.pk}-{since}-{offset}",
    )
    return Firing(series.following(since, today), [message])


# --- Projects and obligations ----------------------------------------------------------------


def fire_report_due(project: Project, now: datetime.datetime) -> Firing:
    """A progress report due soon, due today, or overdue: to the units that report."""
    today = timezone.localdate(now)
    due = project.next_report_due
    if not due or project.status not in Project.REPORTING_STATUSES:
        return Firing(next_due=None)
    series = policy.report_series()
    offset = series.reached(due, today)
    if offset is None:
        return Firing(next_due=series.plan(due, today))
    days_left = (due - today).days
    recipients: list[Recipient] = []
    for participant in project.participants.filter(unit__isnull=False).select_related("unit"):
        assert participant.unit is not None
        recipients += by_rule("responsible_unit", participant.unit)
    if days_left < 0:
        recipients += coordinators()
    message = Message(
        kind="progress.due",
        item=project,
        recipients=recipients,
        context={"project": project.title_ka, "due_date": _iso(due), "days_left": days_left},
        event_key=f"report-{project.pk}-{due}-{offset}",
    )
    return Firing(series.following(due, today), [message])


def _obligation_context(obligation: Obligation, today: datetime.date) -> dict[str, object]:
    return {
        "project": obligation.project.title_ka,
        "obligation": str(obligation.get_kind_display()),
        "description": obligation.description,
        "due_date": _iso(obligation.due_date),
        "days_left": (obligation.due_date - today).days,
        "unit": obligation.responsible_unit.name_ka,
    }


def _chased(obligation: Obligation, series: Series, today: datetime.date) -> int | None:
    if obligation.state not in Obligation.WAITING_ON_UNIT:
        return None
    return series.reached(obligation.due_date, today)


def fire_obligation_reminder(obligation: Obligation, now: datetime.datetime) -> Firing:
    """Due in a week, due tomorrow: to the responsible unit and its focal points."""
    today = timezone.localdate(now)
    series = policy.obligation_reminder_series()
    offset = _chased(obligation, series, today)
    if offset is None or obligation.due_date < today:
        return Firing(next_due=None)
    message = Message(
        kind="obligation.reminder",
        item=obligation,
        recipients=by_rule("responsible_unit", obligation.responsible_unit),
        context=_obligation_context(obligation, today),
        event_key=f"reminder-{obligation.pk}-{obligation.due_date}-{offset}",
    )
    return Firing(series.following(obligation.due_date, today), [message])


def fire_obligation_escalation(obligation: Obligation, now: datetime.datetime) -> Firing:
    """The escalation ladder of an overdue obligation: each step to its configured people."""
    today = timezone.localdate(now)
    series = policy.escalation_series()
    offset = _chased(obligation, series, today)
    if offset is None:
        if obligation.state not in Obligation.WAITING_ON_UNIT:
            return Firing(next_due=None)
        return Firing(next_due=series.plan(obligation.due_date, today))
    position = series.position(offset)
    step = policy.escalation_ladder()[position]
    recipients = [
        recipient
        for rule in step.recipients
        for recipient in by_rule(rule, obligation.responsible_unit)
    ]
    message = Message(
        kind="obligation.escalation",
        item=obligation,
        recipients=recipients,
        context=_obligation_context(obligation, today)
        | {"days_overdue": (today - obligation.due_date).days, "step": position + 1},
        event_key=f"escalation-{obligation.pk}-{obligation.due_date}-{offset}",
    )
    return Firing(series.following(obligation.due_date, today), [message])


# --- Coordination meetings -------------------------------------------------------------------


def _attendees(meeting: CoordinationMeeting) -> list[Recipient]:
    """The attending units and the units presenting items."""
    units = {unit.pk: unit for unit in meeting.attendee_units.all()}
    for item in meeting.agenda_items.select_related("opportunity__owning_unit"):
        units.setdefault(item.opportunity.owning_unit_id, item.opportunity.owning_unit)
    return [recipient for unit in units.values() for recipient in responsible_unit(unit)]


def _meeting_context(meeting: CoordinationMeeting) -> dict[str, object]:
    items = meeting.agenda_items.select_related("opportunity__owning_unit")
    return {
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
        "place": meeting.place,
        "items": [
            {
                "reference": item.opportunity.reference,
                "title": item.opportunity.title,
                "unit": item.opportunity.owning_unit.name_ka,
                "outcome": item.outcome,
                "notes": item.notes,
            }
            for item in items
        ],
    }


def fire_agenda(meeting: CoordinationMeeting, now: datetime.datetime) -> Firing:
    """The day before the meeting: its agenda to the attendees."""
    if meeting.starts_at <= now:
        return Firing(next_due=None)
    message = Message(
        kind="meeting.agenda",
        item=meeting,
        recipients=_attendees(meeting) + coordinators(),
        context=_meeting_context(meeting),
        event_key=f"agenda-{meeting.pk}-{timezone.localdate(meeting.starts_at)}",
    )
    return Firing(None, [message])


def fire_minutes(meeting: CoordinationMeeting, now: datetime.datetime) -> Firing:
    """Every outcome is recorded: the minutes to the attendees."""
    if meeting.agenda_items.filter(outcome=AgendaItem.Outcome.PENDING).exists():
        return Firing(next_due=None)
    message = Message(
        kind="meeting.minutes",
        item=meeting,
        recipients=_attendees(meeting) + coordinators(),
        context=_meeting_context(meeting) | {"minutes": True},
        event_key=f"minutes-{meeting.pk}",
    )
    return Firing(None, [message])


SWEEPS = (
    Sweep(
        "deadline guard",
        Opportunity,
        "deadline_alert_at",
        fire_deadline,
        ("state", "application_deadline"),
        ("owning_unit",),
    ),
    Sweep("follow-ups", Opportunity, "follow_up_at", fire_follow_up, ("state",), ("owning_unit",)),
    Sweep("progress reports", Project, "report_reminder_at", fire_report_due, ("next_report_due",)),
    Sweep(
        "obligation reminders",
        Obligation,
        "next_reminder_at",
        fire_obligation_reminder,
        ("state", "due_date"),
        ("project", "responsible_unit"),
    ),
    Sweep(
        "obligation escalations",
        Obligation,
        "next_escalation_at",
        fire_obligation_escalation,
        ("state", "due_date"),
        ("project", "responsible_unit"),
    ),
    Sweep("meeting agendas", CoordinationMeeting, "agenda_reminder_at", fire_agenda),
    Sweep("meeting minutes", CoordinationMeeting, "minutes_due_at", fire_minutes),
)
