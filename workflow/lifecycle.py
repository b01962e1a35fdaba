"""Read-only views of the state machine declared on ``Opportunity``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django_fsm import Transition

from workflow.guards import missing_for
from workflow.models import Opportunity


@cache
def transitions_by_name() -> dict[str, list[Transition]]:
    """Every declared transition, by name (``withdraw`` has one per source state)."""
    state_field: Any = Opportunity._meta.get_field("state")
    found: dict[str, list[Transition]] = {}
    for transition in state_field.get_all_transitions(Opportunity):
        found.setdefault(transition.name, []).append(transition)
    # Keep the order of declaration on the model: it reads as the lifecycle does.
    declared = list(vars(Opportunity))
    return dict(sorted(found.items(), key=lambda item: declared.index(item[0])))


def transition_from(name: str, state: str) -> Transition | None:
    for transition in transitions_by_name().get(name, []):
        if transition.source == state:
            return transition
    return None


@dataclass(frozen=True)
class AvailableTransition:
    name: str
    label: str
    comment_required: bool
    missing: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """Blocked until the item itself changes; a move whose inputs fill the gap is not."""
        return bool(self.missing) and not self.inputs


def available_transitions(opportunity: Opportunity, user: Any) -> list[AvailableTransition]:
    """What this user may run on the item now; a guard-blocked one says what is missing."""
    result = []
    for name in transitions_by_name():
        transition = transition_from(name, opportunity.state)
        if transition is None or not transition.has_perm(opportunity, user):
            continue
        result.append(
            AvailableTransition(
                name=name,
                label=str(transition.custom["label"]),
                comment_required=transition.custom["comment_required"],
                missing=missing_for(transition.conditions, opportunity),
                inputs=transition.custom.get("inputs", []),
            )
        )
    return result


def state_diagram_mermaid() -> str:
    """The lifecycle as a Mermaid state diagram, generated from the declarations."""
    lines = ["stateDiagram-v2", f"    [*] --> {Opportunity.State.IDENTIFIED}"]
    for name, transitions in transitions_by_name().items():
        for transition in transitions:
            lines.append(f"    {transition.source} --> {transition.target}: {name}")
    lines.append(f"    {Opportunity.State.CLOSED} --> [*]")
    lines.append(f"    {Opportunity.State.REJECTED} --> [*]")
    return "\n".join(lines)
