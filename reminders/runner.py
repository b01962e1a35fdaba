"""Running one sweep: find the rows whose due column has come, claim each with a conditional
UPDATE, and write its messages to the outbox in the same transaction.

Two sweeps at once (a double beat tick, two workers) cannot both act on a row: the second
one's UPDATE finds the due value already moved and does nothing. A row whose handling fails is
pushed an hour forward so it cannot block the others, and the error is raised at the end.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from notifications.recipients import remembered
from notifications.services import Event, notifications_enqueue_many

log = logging.getLogger(__name__)

RETRY_FAILED_ROW_AFTER = datetime.timedelta(hours=1)


# What a firing sends: an event for the outbox (its key names the firing).
Message = Event


@dataclass(frozen=True)
class Firing:
    """What handling a due row does: where its due column moves, and what it sends."""

    next_due: datetime.datetime | None
    messages: list[Message] = field(default_factory=list)
    # Work that may only happen once the row is ours (it reads what the claim made final).
    after_claim: Callable[[], list[Message]] | None = None


@dataclass(frozen=True)
class Sweep:
    name: str
    model: type[models.Model]
    due_field: str
    fire: Callable[[Any, datetime.datetime], Firing]
    # Fields that must still hold what ``fire`` saw, or the row changed under us.
    unchanged: Sequence[str] = ()
    related: Sequence[str] = ()

    def due(self, now: datetime.datetime, limit: int) -> list[tuple[int, datetime.datetime]]:
        rows = self.model._default_manager.filter(**{f"{self.due_field}__lte": now})
        return list(rows.order_by(self.due_field, "pk").values_list("pk", self.due_field)[:limit])


class SweepFailed(Exception):
    """Some rows could not be handled; they were pushed forward and will be tried again."""


def run(sweep: Sweep, now: datetime.datetime, limit: int = 500) -> int:
    """Handle every row due at ``now`` once, ``limit`` rows at a time; the number this call
    claimed.

    A batch is claimed and written in one transaction. If any of its rows fails, the batch is
    rolled back and handled again row by row, so only the failing row is pushed forward; the
    loop always ends.
    """
    claimed = 0
    failures: list[str] = []
    seen: set[int] = set()
    with remembered():
        while batch := [(pk, due_at) for pk, due_at in sweep.due(now, limit) if pk not in seen]:
            seen.update(pk for pk, _due in batch)
            items = sweep.model._default_manager.select_related(*sweep.related).in_bulk(
                [pk for pk, _due in batch]
            )
            try:
                claimed += _handle_batch(sweep, items, batch, now)
            except Exception:
                log.warning("%s: a batch failed; handling its rows one by one", sweep.name)
                claimed += _handle_one_by_one(sweep, items, batch, now, failures)
    if failures:
        raise SweepFailed(f"{sweep.name}: {'; '.join(failures)}")
    return claimed


def _handle_one_by_one(
    sweep: Sweep,
    items: dict[Any, Any],
    batch: list[tuple[int, datetime.datetime]],
    now: datetime.datetime,
    failures: list[str],
) -> int:
    claimed = 0
    for pk, due_at in batch:
        try:
            claimed += _handle_batch(sweep, items, [(pk, due_at)], now)
        except Exception as error:
            # Push the row forward outside the failed transaction, so others are not blocked.
            sweep.model._default_manager.filter(pk=pk, **{sweep.due_field: due_at}).update(
                **{sweep.due_field: now + RETRY_FAILED_ROW_AFTER}
            )
            log.exception("%s: row %s failed and waits an hour", sweep.name, pk)
            failures.append(f"{pk}: {error}")
    return claimed


@transaction.atomic
def _handle_batch(
    sweep: Sweep,
    items: dict[Any, Any],
    batch: list[tuple[int, datetime.datetime]],
    now: datetime.datetime,
) -> int:
    """Claim each row with a conditional UPDATE, then write every claimed row's messages in
    one insert, all in one transaction."""
    manager = sweep.model._default_manager
    claimed = 0
    events: list[Event] = []
    for pk, due_at in batch:
        item = items.get(pk)
        if item is None:  # deleted since the batch was read
            continue
        firing = sweep.fire(item, now)
        still = {name: getattr(item, name) for name in sweep.unchanged}
        taken = manager.filter(pk=pk, **{sweep.due_field: due_at}, **still).update(
            **{sweep.due_field: firing.next_due}
        )
        if not taken:  # another sweep took it, or the item changed meanwhile
            continue
        claimed += 1
        messages = firing.messages + (firing.after_claim() if firing.after_claim else [])
        events += [Event(m.kind, m.item, m.recipients, m.context, m.event_key) for m in messages]
    notifications_enqueue_many(events)
    return claimed
