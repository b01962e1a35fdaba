"""Celery tasks: deliver one row, or sweep the outbox for every row that is due."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification


@shared_task(acks_late=True, ignore_result=True)
def deliver_notification(pk: int) -> None:
    delivery.deliver(pk)


@shared_task(acks_late=True, ignore_result=True)
def deliver_by_keys(dedupe_keys: list[str]) -> None:
    """The rows an event wrote, sent right after its transaction committed."""
    for pk in Notification.objects.filter(dedupe_key__in=dedupe_keys).values_list("pk", flat=True):
        delivery.deliver(pk)


@shared_task(ignore_result=True)
def deliver_outbox(limit: int = 500) -> int:
    """Beat's tick: every due row (a lost broker message only delays a row until here)."""
    due = delivery.due_for_delivery(timezone.now()).order_by("next_attempt_at", "id")
    pks = list(due.values_list("pk", flat=True)[:limit])
    for pk in pks:
        deliver_notification.delay(pk)
    return len(pks)
