"""Coordination meetings: scheduling, the agenda, and recording what happened to each item.

Marking an item presented runs the opportunity's ``present`` transition through the same
service as everywhere else, so the guards, history and notifications are the usual ones.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TypedDict

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionBlocked, ActionForbidden, StateConflict
from core.models import OrganisationalUnit, User
from core.validation import validated
from core.versions import edit_begins, save_new_version
from notifications.recipients import responsible_unit
from notifications.services import notifications_enqueue
from workflow import permissions as may
from workflow.models import AgendaItem, CoordinationMeeting, Opportunity
from workflow.services.opportunities import opportunity_transition


class MeetingFields(TypedDict, total=False):
    title: str
    starts_at: datetime.datetime
    place: str
    summary: str


def _may_manage(user: User) -> None:
    if not may.can_manage_meetings(user):
        raise ActionForbidden(_("Only the department's coordinators manage coordination meetings."))


def _meeting_context(meeting: CoordinationMeeting) -> dict[str, str]:
    return {
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "place": meeting.place,
    }


@transaction.atomic
def meeting_schedule(
    *, user: User, fields: MeetingFields, attendee_units: Sequence[OrganisationalUnit] = ()
) -> CoordinationMeeting:
    """Schedule a meeting; each attending unit is told when and where."""
    _may_manage(user)
    meeting = CoordinationMeeting(created_by=user, **fields)
    validated(meeting, exclude=["created_by"])
    meeting.plan_agenda_reminder()
    meeting.save()
    meeting.attendee_units.set(attendee_units)
    for unit in attendee_units:
        notifications_enqueue(
            kind="meeting.scheduled",
            item=meeting,
            recipients=responsible_unit(unit),
            context=_meeting_context(meeting),
            event_key=f"meeting-{meeting.pk}",
            exclude_user_id=user.pk,
        )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: CoordinationMeeting,
    user: User,
    fields: MeetingFields,
    attendee_units: Sequence[OrganisationalUnit] | None = None,
    expected_version: int | None = None,
) -> CoordinationMeeting:
    """Edit a meeting from what is stored now: only the ``fields`` given are set, and
    ``attendee_units`` left as ``None`` stay as they are, so a change saved meanwhile by someone
    else is kept. With ``expected_version``, an edit of a meeting saved meanwhile is refused
    (VersionConflict)."""
    _may_manage(user)
    before = edit_begins(meeting, expected_version=expected_version)
    for name, value in fields.items():
        setattr(meeting, name, value)
    validated(meeting, exclude=["created_by"])
    meeting.plan_agenda_reminder()
    units_changed = False
    if attendee_units is not None:
        stored = set(meeting.attendee_units.values_list("pk", flat=True))
        units_changed = stored != {unit.pk for unit in attendee_units}
        if units_changed:
            meeting.attendee_units.set(attendee_units)
    save_new_version(meeting, before=before, related_changed=units_changed)
    return meeting


def _locked(meeting: CoordinationMeeting) -> CoordinationMeeting:
    # Agenda edits of one meeting queue here, so positions never collide.
    return CoordinationMeeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def agenda_add(*, meeting: CoordinationMeeting, opportunity: Opportunity, user: User) -> AgendaItem:
    """Put an ``identified`` item at the end of the agenda; it may wait on one agenda only."""
    _may_manage(user)
    meeting = _locked(meeting)
    if opportunity.state != Opportunity.State.IDENTIFIED:
        raise StateConflict(
            _("Only “identified” items can be put on an agenda; %(reference)s is “%(state)s”.")
            % {"reference": opportunity.reference, "state": opportunity.get_state_display()}
        )
    waiting = (
        AgendaItem.objects.filter(opportunity=opportunity, outcome=AgendaItem.Outcome.PENDING)
        .select_related("meeting")
        .first()
    )
    if waiting is not None:
        raise StateConflict(
            _("%(reference)s is already on the agenda of “%(meeting)s”.")
            % {"reference": opportunity.reference, "meeting": waiting.meeting}
        )
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(
                meeting=meeting,
                opportunity=opportunity,
                position=0 if last is None else last + 1,
            )
    except IntegrityError as exc:  # added to another agenda at the same moment
        raise StateConflict.changed_concurrently() from exc
    notifications_enqueue(
        kind="meeting.agenda_added",
        item=opportunity,
        recipients=responsible_unit(opportunity.owning_unit),
        context=_meeting_context(meeting)
        | {"reference": opportunity.reference, "opportunity_title": opportunity.title},
        event_key=f"agenda-{item.pk}",
        exclude_user_id=user.pk,
    )
    return item


def _pending(item: AgendaItem) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.outcome != AgendaItem.Outcome.PENDING:
        raise StateConflict(
            _("The outcome for this item is already recorded; the minutes are not changed.")
        )
    return item


@transaction.atomic
def agenda_remove(*, item: AgendaItem, user: User) -> None:
    """Take an item off the agenda before it is discussed; recorded items stay in the minutes."""
    _may_manage(user)
    _locked(item.meeting)
    _pending(item).delete()


@transaction.atomic
def agenda_move(*, item: AgendaItem, user: User, offset: int) -> None:
    """Move an item ``offset`` places up (negative) or down, within the agenda's bounds."""
    _may_manage(user)
    _locked(item.meeting)
    items = list(item.meeting.agenda_items.order_by("position", "id"))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    for position, row in enumerate(items):
        row.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_record(
    *, item: AgendaItem, user: User, outcome: str, notes: str = "", ird_recommendation: str = ""
) -> AgendaItem:
    """Record what the meeting did with an item: presented (the item moves to ``presented``
    through its transition, carrying the department's recommendation to top management) or
    deferred to a later meeting (a reason is required).

    Outcomes are recorded from the day of the meeting on, once each.
    """
    _may_manage(user)
    item = _pending(item)
    meeting = item.meeting
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        raise ActionBlocked(_("Outcomes can be recorded from the day of the meeting on."))
    notes = notes.strip()
    if outcome == AgendaItem.Outcome.PRESENTED:
        opportunity_transition(
            opportunity=item.opportunity,
            user=user,
            name="present",
            comment=notes,
            meeting=meeting,
            ird_recommendation=ird_recommendation,
        )
    elif outcome == AgendaItem.Outcome.DEFERRED:
        if not notes:
            raise ActionBlocked(_("Say why the item is deferred."))
        notifications_enqueue(
            kind="meeting.deferred",
            item=item.opportunity,
            recipients=responsible_unit(item.opportunity.owning_unit),
            context=_meeting_context(meeting)
            | {"reference": item.opportunity.reference, "notes": notes},
            event_key=f"agenda-{item.pk}",
            exclude_user_id=user.pk,
        )
    else:
        raise ActionBlocked(_("Choose whether the item was presented or deferred."))
    item.outcome = outcome
    item.notes = notes
    item.recorded_by = user
    item.recorded_at = timezone.now()
    item.save()
    if meeting.minutes_ready():
        # Every outcome is in: the minutes go to the attendees with the next sweep.
        CoordinationMeeting.objects.filter(pk=meeting.pk).update(minutes_due_at=timezone.now())
    return item
