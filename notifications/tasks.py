"""Celery tasks: deliver one row, or sweep the outbox for every row that is due."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification

BATCH = 50


@shared_task(acks_late=True, ignore_result=True)
def deliver_notification(pk: int) -> None:
    delivery.deliver(pk)


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
    # Batches share an SMTP session, and several workers can still take batches in parallel.
    for start in range(0, len(pks), BATCH):
        deliver_batch.delay(pks[start : start + BATCH])
    return len(pks)
