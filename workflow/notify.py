"""Outbox rows caused by opportunity transitions (delivery happens after commit)."""

from __future__ import annotations

from notifications.recipients import (
    COORDINATORS,
    TOP_MANAGEMENT,
    Recipient,
    reach,
    unit_audience,
)
from notifications.services import notifications_enqueue
from workflow.models import Opportunity, TransitionLog


def transition_recipients(opportunity: Opportunity, transition: str) -> list[Recipient]:
    """The owning unit and the department always; top management when a decision awaits them."""
    audience = unit_audience(opportunity.owning_unit) + COORDINATORS
    if transition == "present":
        audience += TOP_MANAGEMENT
    return reach(audience)


def notify_transition(opportunity: Opportunity, log: TransitionLog) -> None:
    notifications_enqueue(
        kind=f"opportunity.{log.transition}",
        item=opportunity,
        recipients=transition_recipients(opportunity, log.transition),
        context={
            "reference": opportunity.reference,
            "title": opportunity.title,
            "from_state": log.from_state,
            "to_state": log.to_state,
            "comment": log.comment,
            "actor": log.actor.display_name,
        },
        event_key=f"transition-{log.pk}",
        exclude_user_id=log.actor_id,
    )
