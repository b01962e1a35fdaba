"""What every state machine here shares: finding transitions by name, what a user may run now,
and the checks a service makes before it runs one.

Conditions are wrapped with ``guard`` so they can say what is missing, not only that
something is (django-fsm-2 wants ``callable(instance) -> bool``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django_fsm import Transition

from core.errors import ActionBlocked, ActionForbidden, StateConflict, UnknownAction

MissingCheck = Callable[[Any], list[str]]


# The item whose guards ``refuse_if_missing`` has just passed, while ``run_passed`` moves it.
_passed: ContextVar[int | None] = ContextVar("guards_passed", default=None)


def guard(check: MissingCheck) -> Callable[[Any], bool]:
    def condition(instance: Any) -> bool:
        return _passed.get() == id(instance) or not check(instance)

    condition.missing = check  # type: ignore[attr-defined]
    condition.__name__ = check.__name__
    return condition


def missing_for(conditions: list[Any], instance: Any) -> list[str]:
    messages: list[str] = []
    for condition in conditions:
        messages.extend(condition.missing(instance))
    return messages


@cache
def transitions_by_name(model: type[models.Model]) -> dict[str, list[Transition]]:
    """Every transition declared on ``model``'s ``state``, by name, in declaration order."""
    state_field: Any = model._meta.get_field("state")
    found: dict[str, list[Transition]] = {}
    for transition in state_field.get_all_transitions(model):
        found.setdefault(transition.name, []).append(transition)
    declared = [name for klass in reversed(model.__mro__) for name in vars(klass)]
    return dict(sorted(found.items(), key=lambda item: declared.index(item[0])))


def transition_from(model: type[models.Model], name: str, state: str) -> Transition | None:
    for transition in transitions_by_name(model).get(name, []):
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


def available_transitions(instance: Any, user: Any) -> list[AvailableTransition]:
    """What this user may run on the item now; a guard-blocked one says what is missing."""
    model: type[models.Model] = type(instance)
    result = []
    for name in transitions_by_name(model):
        transition = transition_from(model, name, instance.state)
        if transition is None or not transition.has_perm(instance, user):
            continue
        result.append(
            AvailableTransition(
                name=name,
                label=str(transition.custom["label"]),
                comment_required=transition.custom["comment_required"],
                missing=missing_for(transition.conditions, instance),
                inputs=transition.custom.get("inputs", []),
            )
        )
    return result


def permitted_transition(instance: Any, user: Any, name: str) -> Transition:
    """The transition ``name`` from the item's state, if the user's role allows it.

    Refuses an unknown name (UnknownAction), a role that may not (ActionForbidden) — judged
    first, since it is the same from every state — and a state that does not allow it
    (StateConflict).
    """
    model: type[models.Model] = type(instance)
    declared = transitions_by_name(model).get(name)
    if not declared:
        raise UnknownAction(_("There is no action named “%(name)s”.") % {"name": name})
    label = declared[0].custom["label"]
    if not declared[0].has_perm(instance, user):
        raise ActionForbidden(
            _("Your role does not allow “%(action)s” on this item.") % {"action": label}
        )
    transition = transition_from(model, name, instance.state)
    if transition is None:
        raise StateConflict(
            _("“%(action)s” is not possible while the item is “%(state)s”.")
            % {"action": label, "state": instance.get_state_display()}
        )
    return transition


def refuse_if_missing(transition: Transition, instance: Any, comment: str) -> None:
    """A required comment and every guard must be satisfied (else ActionBlocked listing why)."""
    missing = []
    if transition.custom["comment_required"] and not comment:
        missing.append(_("A comment is required for this action."))
    missing += missing_for(transition.conditions, instance)
    if missing:
        raise ActionBlocked(*missing)


def run_passed(transition: Transition, instance: Any) -> None:
    """Make the move once ``refuse_if_missing`` has passed the item. The state machine asks the
    guards again as the move runs; here they answer from that judgement instead of repeating
    their queries."""
    token = _passed.set(id(instance))
    try:
        getattr(instance, transition.name)()
    finally:
        _passed.reset(token)
