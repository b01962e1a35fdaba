"""Reminder and escalation sweeps over 1,000,000 obligations of which 10,000 are due: one
sweep's time and queries, every due notification exactly once, and the same work done by a
hand-written SQL sweep and by a per-row loop, to compare.

Goals: at most 0.05 queries per due row, at most 3 s for the sweep, at most 3× the SQL sweep.
"""

from __future__ import annotations

import datetime
import json
import statistics
import time
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from bench import seed
from bench.common import counting_queries, heading, scaled, stopwatch, table
from notifications.models import Notification
from notifications.services import notifications_enqueue
from projects.models import Obligation
from reminders import runner
from reminders.sweeps import SWEEPS, fire_obligation_escalation
from reminders.tasks import run_all
from scheduling import policy

ESCALATIONS = next(sweep for sweep in SWEEPS if sweep.name == "obligation escalations")
ROUNDS = 3

# The same claims and inserts as the escalation sweep, written by hand for PostgreSQL: one
# statement per batch claims the due rows (skipping rows another sweep holds), moves each to
# its next mark, and writes a notification per person and mailbox of the unit, with the same
# context, status and dedupe key. It covers the ladder's first step (the responsible unit),
# where every due row of this benchmark stands (three days overdue), and calendar days; the
# benchmark checks that it wrote the same rows as the sweep.
SQL_SWEEP = """
WITH marks (offset_days, position) AS (SELECT * FROM jsonb_to_recordset(%(marks)s::jsonb)
        AS m (offset_days int, position int)),
due AS (
    SELECT id FROM projects_obligation
    WHERE next_escalation_at <= %(now)s AND state IN ('open', 'returned')
    ORDER BY next_escalation_at, id
    LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
),
claimed AS (
    UPDATE projects_obligation o SET next_escalation_at = (
        SELECT (o.due_date + m.offset_days + %(at)s::time) AT TIME ZONE %(zone)s
        FROM marks m WHERE o.due_date + m.offset_days > %(today)s
        ORDER BY m.offset_days LIMIT 1
    )
    FROM due WHERE o.id = due.id
    RETURNING o.id, o.project_id, o.responsible_unit_id, o.due_date, o.kind, o.description,
        (SELECT max(m.offset_days) FROM marks m WHERE o.due_date + m.offset_days <= %(today)s)
            AS offset_days
),
told (unit_id, user_id, email, language) AS (
    SELECT ra.unit_id, u.id, u.email, u.language
    FROM core_roleassignment ra JOIN core_user u ON u.id = ra.user_id
    WHERE ra.role = 'focal_point' AND u.is_active
    UNION ALL
    SELECT id, NULL, notification_email, 'ka'
    FROM core_organisationalunit WHERE notification_email <> ''
),
inserted AS (
    INSERT INTO notifications_notification (recipient_id, email, language, kind,
        content_type_id, object_id, context, status, attempts, last_error, dedupe_key,
        created_at)
    SELECT t.user_id, t.email, t.language, 'obligation.escalation', %(content_type)s, c.id,
        jsonb_build_object(
            'project', p.title_ka,
            'obligation', %(kinds)s::jsonb ->> c.kind,
            'description', c.description,
            'due_date', to_char(c.due_date, 'YYYY-MM-DD'),
            'days_left', c.due_date - %(today)s,
            'unit', unit.name_ka,
            'days_overdue', %(today)s - c.due_date,
            'step', m.position + 1),
        CASE WHEN t.email = '' THEN 'in_app' ELSE 'pending' END, 0, '',
        left('obligation.escalation:escalation-' || c.id || '-'
            || to_char(c.due_date, 'YYYY-MM-DD') || '-' || c.offset_days || ':'
            || coalesce(nullif(lower(t.email), ''), 'user-' || t.user_id), 200),
        now()
    FROM claimed c
    JOIN marks m ON m.offset_days = c.offset_days
    JOIN projects_project p ON p.id = c.project_id
    JOIN core_organisationalunit unit ON unit.id = c.responsible_unit_id
    JOIN told t ON t.unit_id = c.responsible_unit_id
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM claimed), (SELECT count(*) FROM inserted)
"""


def sql_sweep(now: datetime.datetime, limit: int = runner.BATCH_SIZE) -> int:
    """The escalation sweep by hand: a statement per batch, each in its own transaction."""
    assert not settings.REMINDERS_WORKING_DAYS
    series = policy.escalation_series()
    marks = [{"offset_days": o, "position": series.position(o)} for o in series.offsets]
    params: dict[str, Any] = {
        "marks": json.dumps(marks),
        "now": now,
        "today": timezone.localdate(now),
        "at": settings.REMINDERS_TIME,
        "zone": settings.TIME_ZONE,
        "limit": limit,
        "content_type": ContentType.objects.get_for_model(Obligation).pk,
        "kinds": json.dumps({k: str(label) for k, label in Obligation.Kind.choices}),
    }
    claimed = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(SQL_SWEEP, params)
            taken, _written = cursor.fetchone()
        claimed += taken
        if taken < limit:
            return claimed


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


def escalations_written() -> set[tuple[Any, ...]]:
    """What the escalation sweep wrote, without the moment of writing."""
    rows = Notification.objects.filter(kind="obligation.escalation").values_list(
        "dedupe_key",
        "recipient_id",
        "email",
        "language",
        "content_type_id",
        "object_id",
        "status",
        "context",
    )
    return {(*row[:-1], json.dumps(row[-1], sort_keys=True)) for row in rows}


class Timed:
    """Wraps ``runner.notifications_enqueue_many`` to add up the seconds spent in it."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.write = runner.notifications_enqueue_many

    def __call__(self, events: Any) -> Any:
        start = time.perf_counter()
        try:
            return self.write(events)
        finally:
            self.seconds += time.perf_counter() - start


def due_columns(ids: list[int]) -> dict[int, datetime.datetime | None]:
    return dict(Obligation.objects.filter(pk__in=ids).values_list("id", "next_escalation_at"))


def make_due_again(ids: list[int], due_at: datetime.datetime) -> None:
    """Back to the state the sweep found: escalations unwritten, the rows due."""
    Notification.objects.filter(kind="obligation.escalation").delete()
    Obligation.objects.filter(pk__in=ids).update(next_escalation_at=due_at)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE projects_obligation, notifications_notification")


def run() -> None:
    at = seed.base()
    count, due = scaled(1_000_000), scaled(10_000)
    with stopwatch() as loading:
        now = seed.obligations(count, due, at)
    heading(
        f"Sweeps: {count:,} obligations, {due:,} with an escalation due "
        f"(loaded in {loading['seconds']:.0f} s)"
    )
    due_ids = list(
        Obligation.objects.filter(next_escalation_at__lte=now).values_list("id", flat=True)
    )
    due_at = Obligation.objects.get(pk=due_ids[0]).next_escalation_at
    assert due_at is not None and len(due_ids) == due

    # Every sweep once, as beat runs them.
    with counting_queries() as queries, stopwatch() as sweep:
        done = run_all(now)
    escalated = done["obligation escalations"]
    created = Notification.objects.count()
    written, moved = escalations_written(), due_columns(due_ids)
    with counting_queries() as again_queries, stopwatch() as again:
        repeat = run_all(now)
    duplicates = Notification.objects.count() - created

    # The escalation sweep alone and the hand-written SQL sweep, on the same due rows, in
    # turns; each must write exactly what the first sweep wrote.
    alone: list[float] = []
    outbox: list[float] = []
    by_hand: list[float] = []
    for _round in range(ROUNDS):
        make_due_again(due_ids, due_at)
        runner.notifications_enqueue_many = writing = Timed()  # type: ignore[assignment]
        try:
            with stopwatch() as timing:
                assert runner.run(ESCALATIONS, now) == escalated
        finally:
            runner.notifications_enqueue_many = writing.write
        alone.append(timing["seconds"])
        outbox.append(writing.seconds)
        assert escalations_written() == written and due_columns(due_ids) == moved
        make_due_again(due_ids, due_at)
        with stopwatch() as timing:
            assert sql_sweep(now) == escalated
        by_hand.append(timing["seconds"])
        assert escalations_written() == written, "the SQL sweep wrote other rows"
        assert due_columns(due_ids) == moved, "the SQL sweep moved the rows elsewhere"
    ratio = statistics.median(alone) / statistics.median(by_hand)
    rest = statistics.median(a - o for a, o in zip(alone, outbox, strict=True))

    # The naive loop on the same due rows, made due again.
    make_due_again(due_ids, due_at)
    with stopwatch() as naive:
        naive_sent = naive_sweep(now)
    table(
        ["what", "value"],
        [
            ["obligations escalated by one sweep", escalated],
            ["notifications written", created],
            ["one sweep of every kind, seconds (goal ≤ 3)", sweep["seconds"]],
            ["queries in that sweep", queries.count],
            ["queries per due row (goal ≤ 0.05)", f"{queries.count / max(escalated, 1):.4f}"],
            ["second sweep at the same moment: rows claimed", sum(repeat.values())],
            ["second sweep: notifications added (must be 0)", duplicates],
            ["second sweep: seconds, queries", f"{again['seconds']:.2f}, {again_queries.count}"],
            [
                f"escalation sweep alone, median of {ROUNDS}, seconds",
                f"{statistics.median(alone):.2f}",
            ],
            [
                f"hand-written SQL sweep, same claims and rows, median of {ROUNDS}, seconds",
                f"{statistics.median(by_hand):.2f}",
            ],
            ["sweep / SQL sweep (goal ≤ 3×)", f"{ratio:.1f}×"],
            [
                "of the sweep: writing the outbox rows (notifications_enqueue_many), seconds",
                f"{statistics.median(outbox):.2f}",
            ],
            [
                "of the sweep: the rest (read, decide, claim, commit), seconds; / SQL sweep",
                f"{rest:.2f}; {rest / statistics.median(by_hand):.1f}×",
            ],
            ["naive per-row loop over every obligation, seconds", naive["seconds"]],
            ["naive loop escalated", naive_sent],
            ["naive / sweep", naive["seconds"] / sweep["seconds"]],
        ],
    )
