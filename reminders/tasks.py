"""Beat's tick for reminders, escalations and digests (see config.settings CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.utils import timezone

from reminders import runner
from reminders.digests import DAILY_DIGEST, send_weekly_digest
from reminders.sweeps import ACTIVITY_SWEEPS, SWEEPS

log = logging.getLogger(__name__)


def run_all(now: datetime.datetime | None = None) -> dict[str, int]:
    """Every sweep once; each still runs when another fails, and failures are raised last."""
    now = now or timezone.now()
    done: dict[str, int] = {}
    failures: list[Exception] = []
    for sweep in (*SWEEPS, *ACTIVITY_SWEEPS, DAILY_DIGEST):
        try:
            done[sweep.name] = runner.run(sweep, now)
        except runner.SweepFailed as error:
            failures.append(error)
    done["weekly digest"] = send_weekly_digest(now)
    if failures:
        raise runner.SweepFailed("; ".join(str(error) for error in failures))
    return done


@shared_task(ignore_result=True)
def run_sweeps() -> None:
    done = run_all()
    if any(done.values()):
        log.info("reminders: %s", ", ".join(f"{name} {n}" for name, n in done.items() if n))
