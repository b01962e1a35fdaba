"""Every lifecycle here — opportunities, obligations, progress reports, and those to come —
runs through one runner, ``transition_run``.

A model declares its moves with ``transition`` (django-fsm-2 underneath): who may, what the
person gives with the move (``Input``), and the guards that say what is missing. The app
registers, at start, how its moves are logged and announced (``lifecycle_register``) and what
a particular move starts elsewhere (``after_transition``: monitoring creates a project). The
runner does the same sequence for all of them, in one transaction:

1. lock and re-read the item (a stale version is refused);
2. the person's role must allow the move, then the item's state;
3. the declared inputs are applied, then a required comment, required inputs and every guard
   are judged together, so a refusal lists everything that is missing;
4. the move (the transition's body, without django-fsm judging the guards a second time);
5. the changed columns and the next version are saved;
6. the state log, the registered after-hooks, and the outbox rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import Transition
from django_fsm import transition as fsm_transition

from core.append_only import AppendOnlyModel
from core.errors import ActionBlocked, ActionForbidden, StateConflict, UnknownAction
from core.validation import validated
from core.versions import VersionedRecord, edit_begins, save_new_version

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_stubs_ext import StrOrPromise

    from core.models import User

MissingCheck = Callable[[Any], list[str]]


# --- Declaring moves ---------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """Something the person gives with a move.

    ``field``: the item's field it fills before the guards judge the item (else the value is
    only handed to the after-hooks); an input that is not given leaves the field as it is.
    ``required``: the message when it is not given. ``meets_guard``: the guard is met by what
    is typed with the move, so the move is offered even while the item itself lacks it — and
    the field always takes what is typed, empty included, so a value stored earlier cannot
    meet the guard in its place.
    """

    name: str
    field: str = ""
    required: StrOrPromise = ""
    meets_guard: bool = False


def guard(check: MissingCheck) -> Callable[[Any], bool]:
    """A django-fsm condition made from a "what is missing" check, which keeps the check so
    the runner and the pages can say what is missing, not only that something is."""

    def condition(instance: Any) -> bool:
        return not check(instance)

    condition.missing = check  # type: ignore[attr-defined]
    condition.__name__ = check.__name__
    return condition


def missing_for(conditions: Sequence[Any], instance: Any) -> list[str]:
    messages: list[str] = []
    for condition in conditions:
        messages.extend(condition.missing(instance))
    return messages


def transition(
    *,
    field: Any,
    source: Any,
    target: Any,
    permission: Callable[[Any, Any], bool],
    label: StrOrPromise,
    comment_required: bool = False,
    guards: Sequence[Callable[[Any], bool]] = (),
    inputs: Sequence[Input] = (),
) -> Callable[[Any], Any]:
    """Declare a move on a model's ``state`` (the body stays pure: no I/O, no saving)."""
    return fsm_transition(
        field=field,
        source=source,
        target=target,
        permission=permission,
        conditions=list(guards),
        custom={"label": label, "comment_required": comment_required, "inputs": tuple(inputs)},
    )


@cache
def transitions_by_name(model: type[models.Model]) -> dict[str, list[Transition]]:
    """Every transition declared on ``model``'s ``state``, by name, in declaration order."""
    state_field: Any = model._meta.get_field("state")
    found: dict[str, list[Transition]] = {}
    for declared in state_field.get_all_transitions(model):
        found.setdefault(declared.name, []).append(declared)
    order = [name for klass in reversed(model.__mro__) for name in vars(klass)]
    return dict(sorted(found.items(), key=lambda item: order.index(item[0])))


def transition_from(model: type[models.Model], name: str, state: str) -> Transition | None:
    for declared in transitions_by_name(model).get(name, []):
        if declared.source == state:
            return declared
    return None


# --- What a person may do now ------------------------------------------------------------


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


def available_transitions(instance: Any, user: User | AnonymousUser) -> list[AvailableTransition]:
    """What this person may run on the item now; a guard-blocked one says what is missing.
    Pages and the API list an item's actions from here."""
    model: type[models.Model] = type(instance)
    result = []
    for name in transitions_by_name(model):
        found = transition_from(model, name, instance.state)
        if found is None or not found.has_perm(instance, user):
            continue
        result.append(
            AvailableTransition(
                name=name,
                label=str(found.custom["label"]),
                comment_required=found.custom["comment_required"],
                missing=missing_for(found.conditions, instance),
                inputs=[i.name for i in found.custom["inputs"] if i.meets_guard],
            )
        )
    return result


def permitted_transition(instance: Any, user: User | AnonymousUser, name: str) -> Transition:
    """The transition ``name`` from the item's state, if the person's role allows it.

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
    found = transition_from(model, name, instance.state)
    if found is None:
        raise StateConflict(
            _("“%(action)s” is not possible while the item is “%(state)s”.")
            % {"action": label, "state": instance.get_state_display()}
        )
    return found


# --- How moves are recorded --------------------------------------------------------------


class StateLog(AppendOnlyModel):
    """One move of an item: which, who, when, from, to and why. Subclasses add the foreign key
    to the item (``related_name="logs"`` or as the app names it) and what else they keep."""

    transition = models.CharField(gettext_lazy("transition"), max_length=40)
    from_state = models.CharField(gettext_lazy("from"), max_length=20)
    to_state = models.CharField(gettext_lazy("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(gettext_lazy("at"), auto_now_add=True, db_index=True)
    comment = models.TextField(gettext_lazy("comment"), blank=True)

    # The item's state choices, to show ``from_state`` and ``to_state`` in people's words, and
    # the name of the foreign key to the item.
    STATES: ClassVar[type[models.TextChoices]]
    ITEM_FIELD: ClassVar[str]

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        item_id = getattr(self, f"{self.ITEM_FIELD}_id")
        return f"{item_id}: {self.from_state} → {self.to_state}"

    def get_from_state_display(self) -> str:
        return str(dict(self.STATES.choices).get(self.from_state, self.from_state))

    def get_to_state_display(self) -> str:
        return str(dict(self.STATES.choices).get(self.to_state, self.to_state))

    # Column headings where the admin lists these (the fields carry no choices of their own).
    get_from_state_display.short_description = gettext_lazy("from")  # type: ignore[attr-defined]
    get_to_state_display.short_description = gettext_lazy("to")  # type: ignore[attr-defined]


@dataclass
class Move:
    """One run of a transition, as the runner hands it to the lifecycle's and the after-hooks."""

    item: Any
    user: Any
    name: str
    comment: str
    inputs: Mapping[str, Any]
    from_state: str
    # The item's columns as read when the move began (its due date, when its state began...).
    before: dict[str, Any]
    log: StateLog | None = None


def _nothing(move: Move) -> None:
    return None


def _no_values(move: Move) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Lifecycle:
    """How one model's moves are recorded: its log model (which names the item's field);
    ``stamp`` sets what every move sets on the item before it is saved; ``log_values`` adds the
    log's own columns; ``announce`` writes the outbox rows."""

    log: type[StateLog]
    stamp: Callable[[Move], None] = _nothing
    log_values: Callable[[Move], dict[str, Any]] = _no_values
    announce: Callable[[Move], None] = _nothing


_lifecycles: dict[type[models.Model], Lifecycle] = {}
_after_hooks: dict[tuple[type[models.Model], str], list[Callable[[Move], None]]] = {}


def lifecycle_register(model: type[models.Model], lifecycle: Lifecycle) -> None:
    """Called from the owning app's ``ready()``."""
    _lifecycles[model] = lifecycle


def after_transition(model: type[models.Model], name: str, hook: Callable[[Move], None]) -> None:
    """Run ``hook`` after every ``name`` move of ``model``, inside its transaction. Registered
    at app start by the app whose work the move starts, so the lifecycle's app need not know
    it (monitoring an opportunity creates a project; the workflow does not import projects).
    Registering the same hook twice keeps one."""
    hooks = _after_hooks.setdefault((model, name), [])
    if hook not in hooks:
        hooks.append(hook)


def _given(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs actually given: text is trimmed, and empty values count as not given."""
    given = {}
    for name, value in inputs.items():
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "" or value == () or value == []:
            continue
        given[name] = value
    return given


def _make_move(item: Any, found: Transition) -> None:
    """The transition's body and the new state. The runner has judged the guards already;
    calling the django-fsm method would judge them (and run their queries) a second time."""
    state_field: Any = type(item)._meta.get_field("state")
    result = found.method(item)
    target = found.target
    if hasattr(target, "get_state"):  # RETURN_VALUE: the body says where the move ends
        target = target.get_state(item, found, result, args=(), kwargs={})
    state_field.set_state(item, target)


@transaction.atomic
def transition_run(
    item: VersionedRecord,
    *,
    user: Any,
    name: str,
    comment: str = "",
    inputs: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> Move:
    """Run the move ``name`` on ``item`` for ``user`` — the whole sequence in the module's
    docstring, all or nothing. Refusals: VersionConflict, UnknownAction, ActionForbidden,
    StateConflict, ActionBlocked (listing everything missing)."""
    lifecycle = _lifecycles[type(item)]
    before = edit_begins(item, expected_version=expected_version)
    found = permitted_transition(item, user, name)
    declared: tuple[Input, ...] = found.custom["inputs"]
    typed = inputs or {}
    given = _given(typed)
    for declared_input in declared:
        key, field_name = declared_input.name, declared_input.field
        if field_name and key in given:
            setattr(item, field_name, given[key])
        elif field_name and declared_input.meets_guard:
            setattr(item, field_name, typed.get(key))

    comment = comment.strip()
    missing: list[str] = []
    if found.custom["comment_required"] and not comment:
        missing.append(_("A comment is required for this action."))
    missing += [str(i.required) for i in declared if i.required and i.name not in given]
    missing += missing_for(found.conditions, item)
    if missing:
        raise ActionBlocked(*missing)
    filled = {i.field for i in declared if i.field}
    if filled:  # only the move's own inputs can have changed since the item was last checked
        validated(item, exclude=[f.name for f in item._meta.fields if f.name not in filled])

    move = Move(
        item=item,
        user=user,
        name=name,
        comment=comment,
        inputs=given,
        from_state=item.state,  # type: ignore[attr-defined]
        before=before,
    )
    _make_move(item, found)
    lifecycle.stamp(move)
    save_new_version(item, before=before, related_changed=True)
    move.log = lifecycle.log._default_manager.create(
        **{lifecycle.log.ITEM_FIELD: item},
        transition=name,
        from_state=move.from_state,
        to_state=item.state,  # type: ignore[attr-defined]
        actor=user,
        comment=comment,
        **lifecycle.log_values(move),
    )
    for hook in _after_hooks.get((type(item), name), []):
        hook(move)
    lifecycle.announce(move)
    return move


def days_between(start: datetime.datetime, end: datetime.datetime) -> float:
    return (end - start).total_seconds() / 86400
