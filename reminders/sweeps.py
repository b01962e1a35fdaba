"""The sweeps beat runs: for each kind of item, what is due, who hears and what happens next.

Whether a rule applies to an item, and from which date, is the item's own answer (a model
method such as ``Opportunity.deadline_reminder``), the same one that planned its due column;
a sweep only says who hears and what they read. It acts on where the item's series stands
today (``Reminder.reached``), so a late sweep sends one message, not a burst. Event keys name
the item, its anchor date and the mark, so the same reminder can never be sent twice, however
often a sweep runs.

``fire`` reads only the item and what its sweep loads for the whole batch (``related``,
``prefetch``); recipients are read once per unit, or once, while a sweep runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from actionplans.models import Activity, ActivityReport
from core.models import OrganisationalUnit
from notifications.recipients import Recipient, by_rule, coordinators, top_management
from projects.models import Obligation, Project, ProjectParticipant
from reminders.runner import Firing, Message, Sweep, once_per_run
from scheduling import policy
from scheduling.series import Reminder
from workflow.models import AgendaItem, CoordinationMeeting, Opportunity


def _iso(day: datetime.date) -> str:
    return day.isoformat()


@dataclass(frozen=True)
class Mark:
    """The mark of a rule's series that an item reached today."""

    reminder: Reminder
    offset: int
    today: datetime.date

    @property
    def anchor(self) -> datetime.date:
        """The date the series counts from (a deadline, a due date, a state's first day)."""
        return self.reminder.anchor

    @property
    def days_left(self) -> int:
        """Days from today to the anchor; negative once it is past."""
        return (self.anchor - self.today).days

    @property
    def days_since(self) -> int:
        """Days from the anchor to today."""
        return (self.today - self.anchor).days

    @property
    def position(self) -> int:
        """Which mark of the series this is (0 for the first; repeats count as the last)."""
        return self.reminder.position(self.offset)


def on_mark(
    reminder: Reminder | None, now: datetime.datetime, message: Callable[[Mark], Message]
) -> Firing:
    """Fire a rule that runs on a series: nothing when the rule no longer applies; planned again
    when no mark is reached yet (the rules changed since it was planned); else the message for
    the mark reached, and the due column moves to the next mark."""
    if reminder is None:
        return Firing(next_due=None)
    today = timezone.localdate(now)
    offset = reminder.reached(today)
    if offset is None:
        return Firing(next_due=reminder.due_at(today))
    return Firing(reminder.following(today), [message(Mark(reminder, offset, today))])


def _unit(unit: OrganisationalUnit) -> list[Recipient]:
    return by_rule("responsible_unit", unit)


def _coordinators() -> list[Recipient]:
    return list(once_per_run("coordinators", coordinators))


def _top_management() -> list[Recipient]:
    return list(once_per_run("top_management", top_management))


def _opportunity_context(opportunity: Opportunity) -> dict[str, object]:
    return {"reference": opportunity.reference, "title": opportunity.title}


# --- Opportunities ---------------------------------------------------------------------------


def fire_deadline(opportunity: Opportunity, now: datetime.datetime) -> Firing:
    """The missed-opportunity guard: the donor's deadline nears and the item is not approved."""

    def message(mark: Mark) -> Message:
        unit = opportunity.owning_unit
        recipients = _unit(unit) + _coordinators()
        if mark.days_left <= policy.deadline_top_management_within():
            recipients += _top_management()
        return Message(
            kind="opportunity.deadline",
            item=opportunity,
            recipients=recipients,
            context=_opportunity_context(opportunity)
            | {
                "deadline": _iso(mark.anchor),
                "days_left": mark.days_left,
                "state": opportunity.state,
            },
            event_key=f"deadline-{opportunity.pk}-{mark.anchor}-{mark.offset}",
        )

    return on_mark(opportunity.deadline_reminder(now), now, message)


def fire_follow_up(opportunity: Opportunity, now: datetime.datetime) -> Firing:
    """A decision pending too long (top management); approved but no donor contact yet (the
    unit's focal points, then its head)."""
    decision = opportunity.decision_reminder(now)

    def message(mark: Mark) -> Message:
        since = mark.anchor
        unit = opportunity.owning_unit
        if decision is not None:
            kind = "opportunity.decision_pending"
            recipients = _top_management() + _coordinators()
        elif mark.position == 0:
            kind, recipients = "opportunity.communication_pending", _unit(unit)
        else:
            kind = "opportunity.communication_escalation"
            recipients = _unit(unit) + by_rule("unit_head", unit)
        return Message(
            kind=kind,
            item=opportunity,
            recipients=recipients,
            context=_opportunity_context(opportunity)
            | {"since": _iso(since), "days": mark.days_since},
            event_key=f"follow-up-{opportunity.pk}-{since}-{mark.offset}",
        )

    return on_mark(decision or opportunity.communication_reminder(now), now, message)


# --- Projects and obligations ----------------------------------------------------------------


def fire_report_due(project: Project, now: datetime.datetime) -> Firing:
    """A progress report due soon, due today, or overdue: to the units that report."""

    def message(mark: Mark) -> Message:
        recipients: list[Recipient] = []
        for participant in project.participants.all():
            if participant.unit is not None:
                recipients += _unit(participant.unit)
        if mark.days_left < 0:
            recipients += _coordinators()
        return Message(
            kind="progress.due",
            item=project,
            recipients=recipients,
            context={
                "project": project.title_ka,
                "due_date": _iso(mark.anchor),
                "days_left": mark.days_left,
            },
            event_key=f"report-{project.pk}-{mark.anchor}-{mark.offset}",
        )

    return on_mark(project.report_reminder(now), now, message)


def _kind_label(kind: str) -> str:
    """What ``get_kind_display`` says, with the labels translated once per sweep, not per row."""
    labels = once_per_run(
        "obligation kinds", lambda: {value: str(label) for value, label in Obligation.Kind.choices}
    )
    return labels.get(kind, kind)


def _obligation_context(obligation: Obligation, today: datetime.date) -> dict[str, object]:
    return {
        # What it is owed under: the project's title, or the commitment's name.
        "project": obligation.owed_under,
        "commitment": str(obligation.commitment) if obligation.commitment_id else "",
        "obligation": _kind_label(obligation.kind),
        "description": obligation.description,
        "due_date": _iso(obligation.due_date),
        "days_left": (obligation.due_date - today).days,
        "unit": obligation.responsible_unit.name_ka,
    }


def fire_obligation_reminder(obligation: Obligation, now: datetime.datetime) -> Firing:
    """Due in a week, due tomorrow: to the responsible unit and its focal points."""

    def message(mark: Mark) -> Message:
        return Message(
            kind="obligation.reminder",
            item=obligation,
            recipients=_unit(obligation.responsible_unit),
            context=_obligation_context(obligation, mark.today),
            event_key=f"reminder-{obligation.pk}-{obligation.due_date}-{mark.offset}",
        )

    return on_mark(obligation.due_reminder(now), now, message)


def fire_obligation_escalation(obligation: Obligation, now: datetime.datetime) -> Firing:
    """The escalation ladder of an overdue obligation: each step to its configured people."""

    def message(mark: Mark) -> Message:
        step = once_per_run("escalation ladder", policy.escalation_ladder)[mark.position]
        recipients = [
            recipient
            for rule in step.recipients
            for recipient in by_rule(rule, obligation.responsible_unit)
        ]
        return Message(
            kind="obligation.escalation",
            item=obligation,
            recipients=recipients,
            context=_obligation_context(obligation, mark.today)
            | {"days_overdue": mark.days_since, "step": mark.position + 1},
            event_key=f"escalation-{obligation.pk}-{obligation.due_date}-{mark.offset}",
        )

    return on_mark(obligation.escalation(now), now, message)


# --- Coordination meetings -------------------------------------------------------------------


def _attendees(meeting: CoordinationMeeting) -> list[Recipient]:
    """The attending units and the units presenting items, then the department's coordinators."""
    units = {unit.pk: unit for unit in meeting.attendee_units.all()}
    for item in meeting.agenda_items.all():
        units.setdefault(item.opportunity.owning_unit_id, item.opportunity.owning_unit)
    return [recipient for unit in units.values() for recipient in _unit(unit)] + _coordinators()


def _meeting_context(meeting: CoordinationMeeting) -> dict[str, object]:
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
            for item in meeting.agenda_items.all()
        ],
    }


def fire_agenda(meeting: CoordinationMeeting, now: datetime.datetime) -> Firing:
    """The day before the meeting: its agenda to the attendees."""

    def message(mark: Mark) -> Message:
        return Message(
            kind="meeting.agenda",
            item=meeting,
            recipients=_attendees(meeting),
            context=_meeting_context(meeting),
            event_key=f"agenda-{meeting.pk}-{timezone.localdate(meeting.starts_at)}",
        )

    return on_mark(meeting.agenda_reminder(now), now, message)


def fire_minutes(meeting: CoordinationMeeting, now: datetime.datetime) -> Firing:
    """Every outcome is recorded: the minutes to the attendees."""
    if not meeting.minutes_ready():
        return Firing(next_due=None)
    message = Message(
        kind="meeting.minutes",
        item=meeting,
        recipients=_attendees(meeting),
        context=_meeting_context(meeting) | {"minutes": True},
        event_key=f"minutes-{meeting.pk}",
    )
    return Firing(None, [message])


# What a meeting's messages read: who attends, and each item with its presenting unit.
MEETING_AGENDA = (
    "attendee_units",
    Prefetch(
        "agenda_items", queryset=AgendaItem.objects.select_related("opportunity__owning_unit")
    ),
)

# What an obligation's messages read of its project or commitment and its unit
# (``_obligation_context``, and the recipient rules, which read a unit's mailbox and head once
# per unit): the long texts of projects and commitments are not read for every due row.
OBLIGATION_RELATED = ("project", "commitment__framework", "responsible_unit")
OBLIGATION_RELATED_COLUMNS = (
    "project__title_ka",
    "commitment__reference",
    "commitment__framework__code",
    "responsible_unit__name_ka",
    "responsible_unit__notification_email",
    "responsible_unit__head",
)

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
    Sweep(
        "progress reports",
        Project,
        "report_reminder_at",
        fire_report_due,
        ("next_report_due",),
        prefetch=(
            Prefetch("participants", queryset=ProjectParticipant.objects.select_related("unit")),
        ),
    ),
    Sweep(
        "obligation reminders",
        Obligation,
        "next_reminder_at",
        fire_obligation_reminder,
        ("state", "due_date"),
        OBLIGATION_RELATED,
        related_columns=OBLIGATION_RELATED_COLUMNS,
    ),
    Sweep(
        "obligation escalations",
        Obligation,
        "next_escalation_at",
        fire_obligation_escalation,
        ("state", "due_date"),
        OBLIGATION_RELATED,
        related_columns=OBLIGATION_RELATED_COLUMNS,
    ),
    Sweep(
        "meeting agendas",
        CoordinationMeeting,
        "agenda_reminder_at",
        fire_agenda,
        prefetch=MEETING_AGENDA,
    ),
    Sweep(
        "meeting minutes",
        CoordinationMeeting,
        "minutes_due_at",
        fire_minutes,
        prefetch=MEETING_AGENDA,
    ),
)


# --- Action plans ------------------------------------------------------------------------------
# (Registered in reminders.tasks with the sweeps above.)


def fire_activity_report(activity: Activity, now: datetime.datetime) -> Firing:
    """A quarter's status of a plan activity due soon, due today, overdue: to the responsible
    unit, and to the department's coordinators once it is late. Once the quarter's series ends
    the due column moves to the next quarter still owed."""
    today = timezone.localdate(now)
    quarter = activity.chased_quarter(today)

    def message(mark: Mark) -> Message:
        recipients = _unit(activity.responsible_unit)
        if mark.days_left < 0:
            recipients += _coordinators()
        return Message(
            kind="activity.report_due",
            item=activity,
            recipients=recipients,
            context={
                "activity": f"{activity.number}. {activity.text[:300]}",
                "plan": activity.plan.title,
                "year": activity.plan.year,
                "quarter": quarter,
                "due_date": _iso(mark.anchor),
                "days_left": mark.days_left,
                "unit": activity.responsible_unit.name_ka,
            },
            event_key=f"activity-report-{activity.pk}-{quarter}-{mark.anchor}-{mark.offset}",
        )

    firing = on_mark(activity.report_reminder(now), now, message)
    if firing.messages:
        return Firing(activity.report_check_after(now), firing.messages)
    return firing


ACTIVITY_SWEEPS = (
    Sweep(
        "activity reports",
        Activity,
        "next_report_at",
        fire_activity_report,
        ("version",),
        ("plan", "responsible_unit"),
        prefetch=(
            Prefetch(
                "reports", queryset=ActivityReport.objects.only("activity", "quarter", "status")
            ),
        ),
        related_columns=(
            "plan__year",
            "plan__title",
            "responsible_unit__name_ka",
            "responsible_unit__notification_email",
            "responsible_unit__head",
        ),
    ),
)
