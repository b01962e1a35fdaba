"""Celery tasks: deliver an event's rows or a batch of rows, or sweep the outbox for every row
that is due."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from celery import shared_task
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification

T = TypeVar("T")
BATCH = 50


def batches(items: list[T]) -> Iterator[list[T]]:
    """``items`` in slices of BATCH: a batch shares one SMTP session, and several workers can
    take batches in parallel."""
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


@shared_task(acks_late=True, ignore_result=True)
def deliver_by_keys(dedupe_keys: list[str]) -> None:
    """The rows an event wrote, sent right after its transaction committed."""
    rows = Notification.objects.filter(dedupe_key__in=dedupe_keys).order_by("pk")
    delivery.deliver_all(rows.values_list("pk", flat=True))


@shared_task(acks_late=True, ignore_result=True)
def deliver_batch(pks: list[int]) -> None:
    delivery.deliver_all(pks)


@shared_task(ignore_result=True)
def deliver_outbox(limit: int = 500) -> int:
    """Beat's tick: every due row (a lost broker message only delays a row until here)."""
    due = delivery.due_for_delivery(timezone.now()).order_by("next_attempt_at", "id")
    pks = list(due.values_list("pk", flat=True)[:limit])
    for batch in batches(pks):
        deliver_batch.delay(batch)
    return len(pks)
