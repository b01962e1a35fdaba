"""Mail delivery to a local SMTP server: mails per second through the outbox's own path
(claim, render in the reader's language, send, mark sent)."""

from __future__ import annotations

import time

from django.conf import settings

from bench import seed
from bench.common import copy_rows, heading, scaled, table, template_row
from notifications.delivery import deliver, deliver_all
from notifications.models import Notification
from notifications.recipients import Recipient
from notifications.services import notifications_enqueue
from tests.smtp_sink import SmtpServer
from workflow.models import Opportunity


def run() -> None:
    at = seed.base()
    [first] = seed.opportunities(1, at)
    opportunity = Opportunity.objects.get(pk=first)
    count = scaled(2_000)
    [sample] = notifications_enqueue(
        kind="opportunity.present",
        item=opportunity,
        recipients=[Recipient(email="minister@bench.test", language="ka", user=at.minister)],
        context={"reference": opportunity.reference, "title": opportunity.title},
        event_key="bench-sample",
    )
    pattern = template_row(Notification.objects.get(dedupe_key=sample.dedupe_key))
    Notification.objects.all().delete()
    copy_rows(
        Notification,
        (
            pattern
            | {"dedupe_key": f"bench:{n}", "email": f"person{n}@bench.test", "status": "pending"}
            for n in range(count)
        ),
    )
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    try:
        pks = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
        half = len(pks) // 2
        start = time.perf_counter()
        one_by_one = [deliver(pk) for pk in pks[:half]]
        single_elapsed = time.perf_counter() - start
        start = time.perf_counter()
        batched = deliver_all(pks[half:])
        elapsed = time.perf_counter() - start
        outcomes = one_by_one + batched
        time.sleep(0.5)
        received = len(server.sink.messages)
    finally:
        server.stop()
    heading(f"Email to a local SMTP server ({count:,} mails, goal ≥ 200/s)")
    table(
        ["what", "value"],
        [
            ["sent", outcomes.count("sent")],
            ["received by the server", received],
            ["distinct Message-IDs", len({str(m["Message-ID"]) for m in server.sink.messages})],
            ["a session per mail: mails per second", half / single_elapsed],
            [
                "one session per batch (the outbox's way): mails per second",
                (count - half) / elapsed,
            ],
        ],
    )
