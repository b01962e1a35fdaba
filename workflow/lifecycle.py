"""The opportunity's lifecycle: how its moves are recorded and announced (registered with the
runner in ``core.lifecycle`` at app start), and read-only views of its state machine."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_fsm import Transition

from core import lifecycle
from core.lifecycle import AvailableTransition, Lifecycle, Move, days_between
from notifications.recipients import (
    COORDINATORS,
    TOP_MANAGEMENT,
    Recipient,
    reach,
    unit_audience,
)
from notifications.services import notifications_enqueue
from workflow.models import Opportunity, TransitionLog

__all__ = ["AvailableTransition", "available_transitions", "transition_from", "transitions_by_name"]


def _stamp(move: Move) -> None:
    move.item.state_changed_at = timezone.now()
    move.item.plan_reminders()


def _log_values(move: Move) -> dict[str, Any]:
    began = move.before["state_changed_at"]
    return {"stay_days": days_between(began, move.item.state_changed_at) if began else None}


def transition_recipients(opportunity: Opportunity, transition: str) -> list[Recipient]:
    """The owning unit and the department always; top management when a decision awaits them."""
    audience = unit_audience(opportunity.owning_unit) + COORDINATORS
    if transition == "present":
        audience += TOP_MANAGEMENT
    return reach(audience)


def _announce(move: Move) -> None:
    opportunity, log = move.item, move.log
    assert isinstance(log, TransitionLog)
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


OPPORTUNITY_LIFECYCLE = Lifecycle(
    log=TransitionLog,
    stamp=_stamp,
    log_values=_log_values,
    announce=_announce,
)


def transitions_by_name() -> dict[str, list[Transition]]:
    """Every declared transition, by name (``withdraw`` has one per source state)."""
    return lifecycle.transitions_by_name(Opportunity)


def transition_from(name: str, state: str) -> Transition | None:
    return lifecycle.transition_from(Opportunity, name, state)


def available_transitions(opportunity: Opportunity, user: Any) -> list[AvailableTransition]:
    return lifecycle.available_transitions(opportunity, user)


def state_diagram_mermaid() -> str:
    """The lifecycle as a Mermaid state diagram, generated from the declarations."""
    lines = ["stateDiagram-v2", f"    [*] --> {Opportunity.State.IDENTIFIED}"]
    for name, transitions in transitions_by_name().items():
        for transition in transitions:
            lines.append(f"    {transition.source} --> {transition.target}: {name}")
    lines.append(f"    {Opportunity.State.CLOSED} --> [*]")
    lines.append(f"    {Opportunity.State.REJECTED} --> [*]")
    return "\n".join(lines)
