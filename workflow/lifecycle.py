"""Read-only views of the state machine declared on ``Opportunity``."""

from __future__ import annotations

from typing import Any

from django_fsm import Transition

from core import lifecycle
from core.lifecycle import AvailableTransition
from workflow.models import Opportunity

__all__ = ["AvailableTransition", "available_transitions", "transition_from", "transitions_by_name"]


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
