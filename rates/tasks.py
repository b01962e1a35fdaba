"""Beat's tick for the bank's rates (see config.settings CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from rates.nbg import FetchFailed, rates_fetch

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    ignore_result=True,
    autoretry_for=(FetchFailed,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=False,
    max_retries=3,
)
def fetch_rates(self: object) -> None:
    """Fetch the days due; a network failure is retried a few times with growing pauses (and
    the next tick asks again anyway), an answer the app refuses is only logged."""
    outcome = rates_fetch(today=timezone.localdate())
    if outcome.created or outcome.updated:
        log.info("rates: %d new, %d corrected", outcome.created, outcome.updated)
    if outcome.transient:
        raise FetchFailed("; ".join(outcome.failed))
