"""What the dashboard counts, defined once: the register filters select the same rows, so every
figure opens as exactly the items behind it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from workflow.models import Opportunity, TransitionLog

State = Opportunity.State

# The main line an opportunity travels, and the transition that brings it into each stage.
FUNNEL = (
    (State.IDENTIFIED, ""),
    (State.PRESENTED, "present"),
    (State.APPROVED, "approve"),
    (State.IN_COMMUNICATION, "start_donor_communication"),
    (State.MONITORED, "start_monitoring"),
    (State.CLOSED, "close"),
)
FUNNEL_STAGES = tuple(state for state, _transition in FUNNEL)

# Days an item may stay in a state before the dashboard counts it as stuck.
DEFAULT_STUCK_DAYS = {
    State.IDENTIFIED: 30,
    State.PRESENTED: 14,
    State.APPROVED: 21,
    State.IN_COMMUNICATION: 60,
}


def stuck_limits() -> dict[str, int]:
    return {**DEFAULT_STUCK_DAYS, **getattr(settings, "INSIGHT_STUCK_DAYS", {})}


def reached(stage: str) -> Q:
    """Items that ever reached ``stage`` along the main line (closing means closed as completed)."""
    transition = dict[str, str](FUNNEL).get(stage)
    if transition is None:
        return Q(pk__in=[])
    if not transition:
        return Q()
    moved = TransitionLog.objects.filter(opportunity=OuterRef("pk"), transition=transition)
    return Q(Exists(moved))


def reached_counts(opportunities: QuerySet[Opportunity] | None = None) -> dict[str, int]:
    """How many items (of ``opportunities``, else all) reached each funnel stage: ``reached``
    counted for every stage at once, in one pass over the log."""
    stage_of: dict[str, str] = {transition: stage for stage, transition in FUNNEL if transition}
    logs = TransitionLog.objects.filter(transition__in=stage_of)
    if opportunities is None:
        opportunities = Opportunity.objects.all()
    else:
        logs = logs.filter(opportunity__in=opportunities)
    counted = dict(
        logs.values_list("transition").annotate(n=Count("opportunity_id", distinct=True)).order_by()
    )
    counts = {stage_of[transition]: counted.get(transition, 0) for transition in stage_of}
    return {State.IDENTIFIED: opportunities.count(), **counts}


def with_state_since(queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """Annotate when each item entered its current state (older rows only have created_at)."""
    return queryset.annotate(state_since=Coalesce("state_changed_at", "created_at"))


def stuck_since(state: str, cutoff: datetime.datetime) -> Q:
    """Items in ``state`` since before ``cutoff``; the queryset must carry ``state_since``."""
    return Q(state=state, state_since__lt=cutoff)


def missed(today: datetime.date) -> Q:
    """The donor's deadline passed while the item still waited for a decision."""
    return Q(state__in=Opportunity.BEFORE_APPROVAL, application_deadline__lt=today)
