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

from commitments.models import Indicator
from core.errors import ActionForbidden, DomainError, StateConflict, UnknownAction
from core.history import update_keeping_history
from core.lifecycle import Move, transition_run
from core.models import Donor, OrganisationalUnit, User
from core.validation import validated
from workflow import permissions as may
from workflow.models import (
    AgendaItem,
    CoordinationMeeting,
    KeyPerformanceIndicator,
    Opportunity,
    ReferenceCounter,
)


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
    ird_recommendation: str


class KpiData(TypedDict, total=False):
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal
    # The commitment indicator the KPI contributes to; its target is the contribution.
    serves: Indicator | None


def _may_write_recommendation(opportunity: Opportunity, user: User) -> None:
    """The recommendation is the department's, written until top management decides."""
    if not may.can_write_recommendation(opportunity, user):
        if opportunity.state not in Opportunity.BEFORE_APPROVAL:
            raise StateConflict(
                _("The recommendation can be changed only until top management decides.")
            )
        raise ActionForbidden(_("Only the department writes its recommendation."))


def _next_reference() -> str:
    """``OPP-<year>-<number>``, numbered per calendar year in Tbilisi time, never reused."""
    year = timezone.localdate().year
    ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year)], ignore_conflicts=True)
    # The UPDATE locks the counter row until commit, so concurrent creators queue here.
    ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
    number = ReferenceCounter.objects.get(year=year).last_number
    return f"OPP-{year}-{number:04d}"


_SET_BY_SERVICE = ("reference", "created_by")


def _replace_kpis(opportunity: Opportunity, kpis: Sequence[KpiData]) -> None:
    opportunity.kpis.all().delete()
    rows = [
        KeyPerformanceIndicator(opportunity=opportunity, position=i, **k)
        for i, k in enumerate(kpis)
    ]
    for row in rows:
        validated(row, exclude=["opportunity"])
    KeyPerformanceIndicator.objects.bulk_create(rows)


# The history keeps the donor and the units by id, as it always has (the API returns it).
_BY_ID = ("donor", "owning_unit")


def _parts_snapshot(opportunity: Opportunity) -> dict[str, Any]:
    """What the history keeps besides the plain fields: links by id, and the KPIs."""
    return {
        "donor": opportunity.donor_id,
        "owning_unit": opportunity.owning_unit_id,
        "beneficiary_units": sorted(opportunity.beneficiary_units.values_list("pk", flat=True)),
        "kpis": [
            {"name": k.name, "unit": k.unit, "baseline": str(k.baseline), "target": str(k.target)}
            # Kept only when set, so the history of KPIs that serve nothing reads as before.
            | ({"serves": k.serves_id} if k.serves_id else {})
            for k in opportunity.kpis.all()
        ],
    }


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
    opportunity: Opportunity = Opportunity(created_by=user, **fields)
    if opportunity.ird_recommendation:
        _may_write_recommendation(opportunity, user)
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
    The department's recommendation alone may also be corrected while the item waits for top
    management's decision (``presented``), by the department only.

    The edit starts from the item as stored now (locked until commit), and only the fields and
    parts given change, so an edit made meanwhile by someone else is kept. With
    ``expected_version``, an item saved meanwhile is refused instead (VersionConflict).
    Moving an item to another unit is allowed only to someone who may register for that unit.
    """

    recommendation_only = set(fields) == {"ird_recommendation"} and (
        beneficiary_units is None and kpis is None
    )

    def may_edit() -> None:
        if "ird_recommendation" in fields:
            _may_write_recommendation(opportunity, user)
        if recommendation_only:
            return  # corrected while the item waits for top management's decision
        if not may.can_edit(opportunity, user):
            if opportunity.state != Opportunity.State.IDENTIFIED:
                raise StateConflict(
                    _("Only opportunities in the “identified” state can be edited.")
                )
            raise ActionForbidden(_("You may edit only your own unit's opportunities."))
        new_unit = fields.get("owning_unit")
        if new_unit is not None and not may.can_create_for_unit(user, new_unit.pk):
            raise ActionForbidden(
                _("You may not move an opportunity to a unit you do not represent.")
            )

    def check() -> None:
        validated(opportunity, exclude=_SET_BY_SERVICE)
        opportunity.plan_reminders()  # the deadline may have moved

    def after_save() -> None:
        if beneficiary_units is not None:
            opportunity.beneficiary_units.set(beneficiary_units)
        if kpis is not None:
            _replace_kpis(opportunity, kpis)

    update_keeping_history(
        opportunity,
        user=user,
        fields=dict(fields),
        tracked=[name for name in OpportunityFields.__annotations__ if name not in _BY_ID],
        may_edit=may_edit,
        check=check,
        after_save=after_save,
        parts=lambda: _parts_snapshot(opportunity),
        expected_version=expected_version,
    )
    return opportunity


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
    ird_recommendation: str = "",
    expected_version: int | None = None,
) -> Opportunity:
    """Run one lifecycle transition through the lifecycle runner (``core.lifecycle``): the
    item is locked and read as stored now, the role, the state, a required comment and every
    guard are judged, then the move is saved, logged and announced — all or nothing. What a
    move starts elsewhere (its agenda entry, the project of a monitored item) is registered
    as an after-hook by the app concerned."""
    transition_run(
        opportunity,
        user=user,
        name=name,
        comment=comment,
        inputs={
            "meeting": meeting,
            "confirmed_amount": confirmed_amount,
            "confirmed_currency": confirmed_currency,
            "funding_start_date": funding_start_date,
            "ird_recommendation": ird_recommendation,
        },
        expected_version=expected_version,
    )
    return opportunity


def presented_on_agenda(move: Move) -> None:
    """The item's entry on the meeting's agenda says it was presented, however the move was
    made, so the agenda can still be completed and its minutes sent."""
    meeting = move.inputs.get("meeting")
    if meeting is None:
        return
    pending = AgendaItem.objects.filter(
        meeting=meeting, opportunity=move.item, outcome=AgendaItem.Outcome.PENDING
    )
    recorded = pending.update(
        outcome=AgendaItem.Outcome.PRESENTED,
        notes=move.comment,
        recorded_by=move.user,
        recorded_at=timezone.now(),
    )
    if recorded and meeting.minutes_ready():
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
