"""Delivery through a real SMTP server (aiosmtpd on a free port): the mail arrives with its
Georgian subject; with the server down it waits, and once the server is back it is delivered
exactly once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine

from notifications import delivery
from notifications.models import Notification
from tests.smtp_sink import SmtpServer
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:
    server = SmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    server.start()
    yield server
    server.stop()


@pytest.fixture
def row(make_opportunity, coordinator, minister):
    opportunity = make_opportunity(state="identified")
    opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    return Notification.objects.get(kind="opportunity.present", email=minister.email)


def test_the_mail_reaches_the_server_with_its_georgian_subject(smtp, row) -> None:
    assert delivery.deliver(row.pk) == "sent"
    [message] = smtp.sink.messages
    assert "წარდგენილია, მოელის გადაწყვეტილებას" in str(message["Subject"])
    assert message["To"] == row.email
    assert {part.get_content_type() for part in message.iter_parts()} == {"text/plain", "text/html"}


def test_with_the_server_down_the_mail_waits_then_goes_exactly_once(smtp, row) -> None:
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


def test_a_batch_goes_over_one_smtp_session(smtp, make_opportunity, coordinator) -> None:
    opportunity = make_opportunity(state="identified")
    opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    pks = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
    assert len(pks) >= 2
    assert delivery.deliver_all(pks) == ["sent"] * len(pks)
    assert len(smtp.sink.messages) == len(pks) and smtp.sink.sessions == 1
