"""Reminder and escalation sweeps over 1,000,000 obligations of which 10,000 are due: one
sweep's time and queries, every due notification exactly once, and a per-row loop to compare."""

from __future__ import annotations

import datetime

from django.db import transaction

from bench import seed
from bench.common import counting_queries, heading, scaled, stopwatch, table
from notifications.models import Notification
from notifications.services import notifications_enqueue
from projects.models import Obligation
from reminders.sweeps import fire_obligation_escalation
from reminders.tasks import run_all
from scheduling.policy import escalation_series


def naive_sweep(now: datetime.datetime) -> int:
    """What one writes first: walk every open obligation and decide in Python."""
    sent = 0
    for obligation in Obligation.objects.select_related("project", "responsible_unit").iterator(
        chunk_size=5000
    ):
        if obligation.next_escalation_at is None or obligation.next_escalation_at > now:
            continue
        firing = fire_obligation_escalation(obligation, now)
        with transaction.atomic():
            Obligation.objects.filter(pk=obligation.pk).update(next_escalation_at=firing.next_due)
            for message in firing.messages:
                notifications_enqueue(
                    kind=message.kind,
                    item=message.item,
                    recipients=message.recipients,
                    context=message.context,
                    event_key=f"naive:{message.event_key}",
                )
        sent += 1
    return sent


def run() -> None:
    at = seed.base()
    count, due = scaled(1_000_000), scaled(10_000)
    with stopwatch() as loading:
        now = seed.obligations(count, due, at)
    heading(
        f"Sweeps: {count:,} obligations, {due:,} with an escalation due "
        f"(loaded in {loading['seconds']:.0f} s)"
    )
    assert escalation_series() is not None
    with counting_queries() as queries, stopwatch() as sweep:
        done = run_all(now)
    created = Notification.objects.count()
    per_obligation = created / max(done["obligation escalations"], 1)
    with stopwatch() as again:
        repeat = run_all(now)
    duplicates = Notification.objects.count() - created

    # The naive loop on the same due rows, made due again.
    Obligation.objects.filter(due_date__lt=now.date()).update(
        next_escalation_at=now - datetime.timedelta(minutes=5)
    )
    with stopwatch() as naive:
        naive_sent = naive_sweep(now)
    table(
        ["what", "value"],
        [
            ["obligations escalated by one sweep", done["obligation escalations"]],
            ["notifications written", created],
            ["notifications per obligation", per_obligation],
            ["one sweep, seconds (goal ≤ 10)", sweep["seconds"]],
            ["queries in that sweep", queries.count],
            [
                "queries per escalated obligation",
                queries.count / max(done["obligation escalations"], 1),
            ],
            ["second sweep at the same moment: rows claimed", sum(repeat.values())],
            ["second sweep: notifications added (must be 0)", duplicates],
            ["second sweep, seconds", again["seconds"]],
            ["naive per-row loop over every obligation, seconds", naive["seconds"]],
            ["naive loop escalated", naive_sent],
            ["naive / sweep", naive["seconds"] / sweep["seconds"]],
        ],
    )
