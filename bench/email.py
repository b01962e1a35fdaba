"""Mail delivery to a local SMTP server, a process of its own as a real one is: mails per
second through the outbox's own path (claim, render in the reader's language, send, mark
sent)."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from mailbox import Maildir
from pathlib import Path

from django.conf import settings

from bench import seed
from bench.common import copy_rows, heading, scaled, table, template_row
from notifications.delivery import deliver, deliver_all
from notifications.models import Notification
from notifications.recipients import Recipient
from notifications.services import notifications_enqueue
from tests.smtp_sink import free_port
from workflow.models import Opportunity


def _wait_for_port(port: int) -> None:
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit("The SMTP server did not start.")


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
    mailbox = Path(tempfile.mkdtemp()) / "mailbox"
    port = free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"),
            *("-c", "aiosmtpd.handlers.Mailbox", str(mailbox)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_port(port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
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
        received = [mailbox_message.get("Message-ID") for mailbox_message in Maildir(mailbox)]
    finally:
        server.terminate()
        server.wait(10)
    heading(f"Email to a local SMTP server ({count:,} mails, goal ≥ 200/s)")
    table(
        ["what", "value"],
        [
            ["sent", outcomes.count("sent")],
            ["received by the server", len(received)],
            ["distinct Message-IDs", len(set(received))],
            ["a session per mail: mails per second", half / single_elapsed],
            [
                "one session per batch (the outbox's way): mails per second",
                (count - half) / elapsed,
            ],
        ],
    )
