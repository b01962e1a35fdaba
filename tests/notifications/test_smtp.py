"""Delivery through a real SMTP server (aiosmtpd on a free port): the mail arrives with its
Georgian subject; with the server down it waits, and once the server is back it is delivered
exactly once."""

from __future__ import annotations

import datetime
import email
import email.policy
import socket
from collections.abc import Iterator

import pytest
import time_machine
from aiosmtpd.controller import Controller

from notifications import delivery
from notifications.models import Notification
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)


class Sink:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpServer:
    """A real SMTP server on a free port that can be stopped and started again."""

    def __init__(self) -> None:
        self.sink = Sink()
        self.port = _free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:  # type: ignore[no-untyped-def]
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


@pytest.fixture
def row(make_opportunity, coordinator, minister):  # type: ignore[no-untyped-def]
    opportunity = make_opportunity(state="identified")
    opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    return Notification.objects.get(kind="opportunity.present", email=minister.email)


def test_the_mail_reaches_the_server_with_its_georgian_subject(smtp, row) -> None:  # type: ignore[no-untyped-def]
    assert delivery.deliver(row.pk) == "sent"
    [message] = smtp.sink.messages
    assert "წარდგენილია, მოელის გადაწყვეტილებას" in str(message["Subject"])
    assert message["To"] == row.email
    assert {part.get_content_type() for part in message.iter_parts()} == {"text/plain", "text/html"}


def test_with_the_server_down_the_mail_waits_then_goes_exactly_once(smtp, row) -> None:  # type: ignore[no-untyped-def]
    smtp.stop()
    with time_machine.travel(NOW, tick=False):
        assert delivery.deliver(row.pk) == "pending"
    row.refresh_from_db()
    assert row.attempts == 1 and row.last_error and row.next_attempt_at
    assert smtp.sink.messages == []

    smtp.start()
    with time_machine.travel(NOW + datetime.timedelta(minutes=2), tick=False):
        assert delivery.deliver(row.pk) == "sent"
        assert delivery.deliver(row.pk) is None
    assert len(smtp.sink.messages) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
