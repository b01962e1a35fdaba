"""Running one sweep, a batch of due rows at a time: read the batch with the related rows its
messages need, decide for each row what to send and where its due column moves, claim the
batch with one conditional UPDATE that also moves the due columns (``reminders.claims``), and
write the claimed rows' messages to the outbox in one insert, all in one transaction. A batch
costs a handful of queries however many rows it holds.

Two sweeps at once (a double beat tick, two workers) cannot both act on a row: the claim
returns only the rows that still held what this sweep read. If a batch fails, it is rolled back
and handled again row by row; a row whose handling fails is pushed an hour forward so it cannot
block the others, and the error is raised at the end.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Prefetch

from notifications.recipients import remembered
from notifications.services import Event, notifications_enqueue_many
from reminders.claims import claim

log = logging.getLogger(__name__)

RETRY_FAILED_ROW_AFTER = datetime.timedelta(hours=1)
BATCH_SIZE = 500

# The rows a batch claimed: primary key → where the due column moved.
Moved = dict[Any, datetime.datetime | None]

# What a firing sends: an event for the outbox (its key names the firing).
Message = Event

T = TypeVar("T")
_memory: ContextVar[dict[str, Any] | None] = ContextVar("sweep_memory", default=None)


def once_per_run(key: str, read: Callable[[], T]) -> T:
    """``read()``, done once while a sweep runs (people holding a role, say), not per row."""
    memory = _memory.get()
    if memory is None:
        return read()
    if key not in memory:
        memory[key] = read()
    return memory[key]  # type: ignore[no-any-return]


@contextlib.contextmanager
def _remembering() -> Iterator[None]:
    """Recipients read once per run: each rule per unit (``by_rule``), and ``once_per_run``."""
    token = _memory.set({})
    try:
        with remembered():
            yield
    finally:
        _memory.reset(token)


@dataclass(frozen=True)
class Firing:
    """What handling a due row does: where its due column moves, and what it sends."""

    next_due: datetime.datetime | None
    messages: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class Sweep:
    name: str
    model: type[models.Model]
    due_field: str
    fire: Callable[[Any, datetime.datetime], Firing]
    # Fields that must still hold what ``fire`` saw, or the row changed under us.
    unchanged: Sequence[str] = ()
    # What ``fire`` reads of other tables, loaded for the whole batch at once; ``related_columns``
    # names the columns of ``related`` rows it reads, when not all (the swept row's own are
    # always read whole).
    related: Sequence[str] = ()
    prefetch: Sequence[str | Prefetch] = ()
    related_columns: Sequence[str] = ()
    # Work that may only happen once rows are ours (it reads what the claim made final), done
    # for all the batch's claimed rows at once; it returns more messages to send.
    after_claim: Callable[[list[Any], datetime.datetime], list[Message]] | None = None

    def due(self, now: datetime.datetime, limit: int, passed_over: set[Any]) -> list[Any]:
        """The next ``limit`` rows due at ``now``, oldest first, but those this run has
        passed over. A claimed row leaves the due range, so each row is read once per run;
        ordering by the due column alone lets the database read them off its index."""
        rows = self.model._default_manager.filter(**{f"{self.due_field}__lte": now})
        if passed_over:
            rows = rows.exclude(pk__in=passed_over)
        rows = rows.select_related(*self.related).prefetch_related(*self.prefetch)
        if self.related_columns:
            own = [field.name for field in self.model._meta.concrete_fields]
            rows = rows.only(*own, *self.related_columns)
        return list(rows.order_by(self.due_field)[:limit])


class SweepFailed(Exception):
    """Some rows could not be handled; they were pushed forward and will be tried again."""


def run(sweep: Sweep, now: datetime.datetime, limit: int = BATCH_SIZE) -> int:
    """Handle every row due at ``now`` once, ``limit`` rows at a time; the number this call
    claimed.

    A batch is claimed and written in one transaction. If it fails, it is rolled back and
    handled again row by row, so only the failing row is pushed forward; the loop always ends.
    """
    claimed = 0
    failures: list[str] = []
    # Rows read but not claimed (changed meanwhile), or moved to a time still due, stay in the
    # due range; this run does not read them again.
    passed_over: set[Any] = set()
    with _remembering():
        while batch := sweep.due(now, limit, passed_over):
            try:
                moved = _handle_batch(sweep, batch, now)
            except Exception:
                log.warning("%s: a batch failed; handling its rows one by one", sweep.name)
                moved = _handle_one_by_one(sweep, batch, now, failures)
            claimed += len(moved)
            passed_over.update(item.pk for item in batch if _still_due(moved, item.pk, now))
            if len(batch) < limit:  # that was the last; what falls due meanwhile waits a tick
                break
    if failures:
        raise SweepFailed(f"{sweep.name}: {'; '.join(failures)}")
    return claimed


def _still_due(moved: Moved, pk: Any, now: datetime.datetime) -> bool:
    if pk not in moved:
        return True
    moved_to = moved[pk]
    return moved_to is not None and moved_to <= now


def _handle_one_by_one(
    sweep: Sweep, batch: list[Any], now: datetime.datetime, failures: list[str]
) -> Moved:
    moved: Moved = {}
    for item in batch:
        try:
            moved |= _handle_batch(sweep, [item], now)
        except Exception as error:
            # Push the row forward outside the failed transaction, so others are not blocked.
            due_at = getattr(item, sweep.due_field)
            sweep.model._default_manager.filter(pk=item.pk, **{sweep.due_field: due_at}).update(
                **{sweep.due_field: now + RETRY_FAILED_ROW_AFTER}
            )
            log.exception("%s: row %s failed and waits an hour", sweep.name, item.pk)
            failures.append(f"{item.pk}: {error}")
    return moved


@transaction.atomic
def _handle_batch(sweep: Sweep, batch: list[Any], now: datetime.datetime) -> Moved:
    """Decide every row, claim the batch and move its due columns in one statement, then
    write every claimed row's messages in one insert, all in one transaction; where each
    claimed row moved."""
    firings = [(item, sweep.fire(item, now)) for item in batch]
    taken = claim(
        sweep.model,
        sweep.due_field,
        [(item, firing.next_due) for item, firing in firings],
        sweep.unchanged,
    )
    # Rows not returned were taken by another sweep, or changed since they were read.
    ours = [(item, firing) for item, firing in firings if item.pk in taken]
    messages = [message for _item, firing in ours for message in firing.messages]
    if sweep.after_claim and ours:
        messages += sweep.after_claim([item for item, _firing in ours], now)
    notifications_enqueue_many(messages)
    return {item.pk: firing.next_due for item, firing in ours}
