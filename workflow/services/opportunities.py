"""Every write to an opportunity goes through these functions.

The web pages, the REST API, the admin actions, the demo loader and background tasks call them,
so each rule lives here once. Each runs in one transaction: a refusal leaves nothing behind.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionForbidden, DomainError, StateConflict, UnknownAction
from core.lifecycle import permitted_transition, refuse_if_missing, run_passed
from core.models import Donor, OrganisationalUnit, User
from core.validation import validated
from core.versions import edit_begins, save_new_version
from projects.services.projects import project_closed_with_opportunity, project_from_opportunity
from workflow import permissions as may
from workflow.models import (
    AgendaItem,
    CoordinationMeeting,
    KeyPerformanceIndicator,
    Opportunity,
    OpportunityEdit,
    ReferenceCounter,
    TransitionLog,
)
from workflow.models.opportunity import days_between
from workflow.notify import notify_transition


class OpportunityFields(TypedDict, total=False):
    title: str
    iati_identifier: str
    description: str
    kind: str
    donor: Donor
    owning_unit: OrganisationalUnit
    estimated_value: Decimal | None
    currency: str
    application_deadline: datetime.date | None
    need: str
    expected_results: str
    monitoring_periodicity: str


class KpiData(TypedDict, total=False):
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal


def _next_reference() -> str:
    """``OPP-<year>-<number>``, numbered per calendar year in Tbilisi time, never reused."""
    year = timezone.localdate().year
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    # The UPDATE locks the counter row until commit, so concurrent creators queue here.
    ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=year).last_number
    return f"OPP-{year}-{number:04d}"


_SET_BY_SERVICE = ("reference", "created_by")
_TRANSITION_INPUTS = (
    "presented_at",
    "confirmed_amount",
    "confirmed_currency",
    "funding_start_date",
)
_NOT_TRANSITION_INPUTS = tuple(
    field.name for field in Opportunity._meta.fields if field.name not in _TRANSITION_INPUTS
)


def _replace_kpis(opportunity: Opportunity, kpis: Sequence[KpiData]) -> None:
    opportunity.kpis.all().delete()
    rows = [
        KeyPerformanceIndicator(opportunity=opportunity, position=i, **k)
        for i, k in enumerate(kpis)
    ]
    for row in rows:
        validated(row, exclude=["opportunity"])
    KeyPerformanceIndicator.objects.bulk_create(rows)


def _kpi_snapshot(opportunity: Opportunity) -> list[dict[str, str]]:
    return [
        {"name": k.name, "unit": k.unit, "baseline": str(k.baseline), "target": str(k.target)}
        for k in opportunity.kpis.all()
    ]


def _snapshot(opportunity: Opportunity) -> dict[str, Any]:
    """The editable fields as JSON-friendly values, to record what an edit changed."""
    values: dict[str, Any] = {}
    for name in OpportunityFields.__annotations__:
        value = getattr(opportunity, f"{name}_id" if name in {"donor", "owning_unit"} else name)
        values[name] = value if value is None or isinstance(value, int | str) else str(value)
    if opportunity.pk:
        values["beneficiary_units"] = sorted(
            opportunity.beneficiary_units.values_list("pk", flat=True)
        )
        values["kpis"] = _kpi_snapshot(opportunity)
    return values


@transaction.atomic
def opportunity_create(
    *,
    user: User,
    fields: OpportunityFields,
    beneficiary_units: Sequence[OrganisationalUnit] = (),
    kpis: Sequence[KpiData] = (),
) -> Opportunity:
    """Register a new opportunity in ``identified``.

    Focal points register for their own unit only; IRD coordinators for any unit.
    """
    owning_unit = fields.get("owning_unit")
    if owning_unit is None or not may.can_create_for_unit(user, owning_unit.pk):
        raise ActionForbidden(_("You may register opportunities only for your own unit."))
    opportunity = Opportunity(created_by=user, **fields)
    validated(opportunity, exclude=_SET_BY_SERVICE)
    opportunity.reference = _next_reference()
    opportunity.state_changed_at = timezone.now()
    opportunity.plan_reminders()
    opportunity.save()
    opportunity.beneficiary_units.set(beneficiary_units)
    _replace_kpis(opportunity, kpis)
    return opportunity


@transaction.atomic
def opportunity_update(
    *,
    opportunity: Opportunity,
    user: User,
    fields: OpportunityFields,
    beneficiary_units: Sequence[OrganisationalUnit] | None = None,
    kpis: Sequence[KpiData] | None = None,
    expected_version: int | None = None,
) -> Opportunity:
    """Edit an ``identified`` item (owning focal point or IRD) and keep what changed in history.

    The edit starts from the item as stored now (locked until commit), and only the fields and
    parts given change, so an edit made meanwhile by someone else is kept. With
    ``expected_version``, an item saved meanwhile is refused instead (VersionConflict).
    Moving an item to another unit is allowed only to someone who may register for that unit.
    """
    columns_before = edit_begins(opportunity, expected_version=expected_version)
    if not may.can_edit(opportunity, user):
        if opportunity.state != Opportunity.State.IDENTIFIED:
            raise StateConflict(_("Only opportunities in the “identified” state can be edited."))
        raise ActionForbidden(_("You may edit only your own unit's opportunities."))
    new_unit = fields.get("owning_unit")
    if new_unit is not None and not may.can_create_for_unit(user, new_unit.pk):
        raise ActionForbidden(_("You may not move an opportunity to a unit you do not represent."))

    before = _snapshot(opportunity)
    for name, value in fields.items():
        setattr(opportunity, name, value)
    validated(opportunity, exclude=_SET_BY_SERVICE)
    opportunity.plan_reminders()  # the deadline may have moved
    if beneficiary_units is not None:
        opportunity.beneficiary_units.set(beneficiary_units)
    if kpis is not None:
        _replace_kpis(opportunity, kpis)

    after = _snapshot(opportunity)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    saved = save_new_version(opportunity, before=columns_before, related_changed=bool(changes))
    if saved and changes:
        OpportunityEdit.objects.create(opportunity=opportunity, actor=user, changes=changes)
    return opportunity


@transaction.atomic
def opportunity_transition(
    *,
    opportunity: Opportunity,
    user: User,
    name: str,
    comment: str = "",
    meeting: CoordinationMeeting | None = None,
    confirmed_amount: Decimal | None = None,
    confirmed_currency: str = "",
    funding_start_date: datetime.date | None = None,
    expected_version: int | None = None,
) -> Opportunity:
    """Run one lifecycle transition.

    The item is locked and read as stored now (a stale ``expected_version`` is refused with
    VersionConflict). In order: the user's role must allow it (else ActionForbidden), the state
    must allow it (else StateConflict), a required comment and every guard must be satisfied
    (else ActionBlocked listing what is missing). Then the changed columns and the next version
    are saved, the move is logged and its notifications are queued — all or nothing.
    """
    before = edit_begins(opportunity, expected_version=expected_version)
    transition = permitted_transition(opportunity, user, name)

    # Inputs that belong to this move are applied before the guards judge the item.
    if name == "present" and meeting is not None:
        opportunity.presented_at = meeting
    if name == "start_monitoring":
        opportunity.confirmed_amount = confirmed_amount
        opportunity.confirmed_currency = confirmed_currency
        opportunity.funding_start_date = funding_start_date

    comment = comment.strip()
    refuse_if_missing(transition, opportunity, comment)
    # Only the move's own inputs can have changed; the rest was checked when it was written.
    validated(opportunity, exclude=_NOT_TRANSITION_INPUTS)

    from_state = opportunity.state
    in_state_since = opportunity.state_changed_at
    run_passed(transition, opportunity)
    opportunity.state_changed_at = timezone.now()
    opportunity.plan_reminders()
    save_new_version(opportunity, before=before, related_changed=True)

    log = TransitionLog.objects.create(
        opportunity=opportunity,
        transition=name,
        from_state=from_state,
        to_state=opportunity.state,
        actor=user,
        comment=comment,
        stay_days=days_between(in_state_since, opportunity.state_changed_at)
        if in_state_since
        else None,
    )
    notify_transition(opportunity, log)
    if name == "present" and meeting is not None:
        _presented_on_agenda(meeting=meeting, opportunity=opportunity, user=user, notes=comment)
    if name == "start_monitoring":
        # Every monitored opportunity is a project in the register, whoever moved it.
        project_from_opportunity(opportunity=opportunity, user=user)
    if name == "close":
        project_closed_with_opportunity(opportunity=opportunity)
    return opportunity


def _presented_on_agenda(
    *, meeting: CoordinationMeeting, opportunity: Opportunity, user: User, notes: str
) -> None:
    """The item's entry on the meeting's agenda says it was presented, however the move was
    made, so the agenda can still be completed and its minutes sent."""
    pending = AgendaItem.objects.filter(
        meeting=meeting, opportunity=opportunity, outcome=AgendaItem.Outcome.PENDING
    )
    recorded = pending.update(
        outcome=AgendaItem.Outcome.PRESENTED,
        notes=notes,
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    if recorded and not meeting.agenda_items.filter(outcome=AgendaItem.Outcome.PENDING).exists():
        CoordinationMeeting.objects.filter(pk=meeting.pk).update(minutes_due_at=timezone.now())


def opportunity_approve(*, opportunity: Opportunity, user: User, comment: str = "") -> Opportunity:
    """Top management's positive decision on a presented item."""
    return opportunity_transition(
        opportunity=opportunity, user=user, name="approve", comment=comment
    )


DECISIONS = ("approve", "reject", "return_for_revision")


def opportunities_decide(
    *, opportunities: Sequence[Opportunity], user: User, name: str, comment: str = ""
) -> tuple[list[Opportunity], dict[str, list[str]]]:
    """Top management's decision on several items at once.

    Each item is decided in its own transaction, so one refusal (say, an item decided
    meanwhile by a deputy) does not undo the others; refusals come back by reference.
    """
    if name not in DECISIONS:
        raise UnknownAction(_("There is no action named “%(name)s”.") % {"name": name})
    decided: list[Opportunity] = []
    refused: dict[str, list[str]] = {}
    for opportunity in opportunities:
        try:
            decided.append(
                opportunity_transition(
                    opportunity=opportunity, user=user, name=name, comment=comment
                )
            )
        except DomainError as refusal:
            refused[opportunity.reference] = refusal.messages
    return decided, refused
