"""Delivering the outbox: one claim per row, Georgian email from the kind's templates,
bounded retries for transient failures, failed rows kept visible, and the sweep."""

from __future__ import annotations

import datetime
import smtplib
from typing import cast

import pytest
import time_machine
from django.core import mail

from notifications import delivery
from notifications.models import Notification
from notifications.tasks import deliver_outbox
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def presented(make_opportunity, focal_point, coordinator, minister, unit):
    unit.notification_email = "academy@units.test"
    unit.save()
    opportunity = make_opportunity(state="identified")
    opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    return opportunity


def test_a_transition_writes_rows_and_queues_their_delivery_after_commit(
    make_opportunity, coordinator, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    queued: list[list[str]] = []
    monkeypatch.setattr("notifications.services.deliver_by_keys.delay", queued.append)
    opportunity = make_opportunity(state="identified")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    rows = Notification.objects.filter(kind="opportunity.present")
    assert rows.exists() and len(callbacks) == 1
    assert sorted(queued[0]) == sorted(rows.values_list("dedupe_key", flat=True))
    assert set(rows.values_list("status", flat=True)) == {"pending"}


def test_a_row_is_sent_once_in_georgian_with_html_and_a_link(presented, minister, settings) -> None:
    settings.DONORFLOW_SITE_URL = "https://donorflow.mia.gov.ge"
    row = Notification.objects.get(kind="opportunity.present", email=minister.email)
    assert delivery.deliver(row.pk) == "sent"
    assert delivery.deliver(row.pk) is None  # already sent: nothing happens
    assert len(mail.outbox) == 1
    message = cast(mail.EmailMultiAlternatives, mail.outbox[0])
    assert message.to == [minister.email]
    assert (
        message.subject
        == f"{presented.reference}: წარდგენილია, მოელის გადაწყვეტილებას — {presented.title}"
    )
    assert f"https://donorflow.mia.gov.ge/opportunities/{presented.pk}/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and "Donorflow-ში გახსნა" in cast(str, html)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == ("sent", 1, None)
    assert row.sent_at is not None


def test_english_speakers_get_english(presented, coordinator) -> None:
    coordinator.language = "en"
    coordinator.save()
    sent = Notification.objects.first()
    assert sent is not None
    row = Notification.objects.create(
        recipient=coordinator,
        email="c@people.test",
        language="en",
        kind="opportunity.approve",
        content_type=sent.content_type,
        object_id=presented.pk,
        context={"reference": presented.reference, "title": "T", "actor": "M"},
        dedupe_key="test-english",
    )
    delivery.deliver(row.pk)
    assert mail.outbox[-1].subject == f"{presented.reference}: approved by top management — T"


class _Refusing:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def send(self) -> None:
        raise self.error


def test_transient_failures_retry_with_backoff_then_fail(
    presented, minister, monkeypatch, settings
) -> None:
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    row = Notification.objects.get(kind="opportunity.present", email=minister.email)
    monkeypatch.setattr(
        delivery, "render_email", lambda n: _Refusing(smtplib.SMTPServerDisconnected("gone"))
    )
    with time_machine.travel(NOW, tick=False):
        assert delivery.deliver(row.pk) == "pending"
        row.refresh_from_db()
        assert row.next_attempt_at == NOW + datetime.timedelta(seconds=60)
        assert "gone" in row.last_error
        assert delivery.deliver(row.pk) is None  # not due yet
    with time_machine.travel(NOW + datetime.timedelta(seconds=61), tick=False):
        assert delivery.deliver(row.pk) == "pending"
        row.refresh_from_db()
        assert row.next_attempt_at == NOW + datetime.timedelta(seconds=61 + 120)
    with time_machine.travel(NOW + datetime.timedelta(seconds=200), tick=False):
        assert delivery.deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 3, None)


def test_a_permanent_refusal_fails_at_once_and_can_be_resent(
    presented, minister, monkeypatch
) -> None:
    row = Notification.objects.get(kind="opportunity.present", email=minister.email)
    refused = smtplib.SMTPRecipientsRefused({minister.email: (550, b"no such mailbox")})
    monkeypatch.setattr(delivery, "render_email", lambda n: _Refusing(refused))
    assert delivery.deliver(row.pk) == "failed"
    monkeypatch.undo()
    delivery.resend(row)
    assert delivery.deliver(row.pk) == "sent"
    assert len(mail.outbox) == 1


def test_a_row_left_sending_by_a_dead_worker_is_taken_up_again(
    presented, minister, settings
) -> None:
    row = Notification.objects.get(kind="opportunity.present", email=minister.email)
    with time_machine.travel(NOW, tick=False):
        assert delivery.claim(row.pk, NOW)  # a worker took it and died
        assert not delivery.claim(row.pk, NOW)  # nobody else may take it meanwhile
    later = NOW + datetime.timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert delivery.deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert row.attempts == 2 and len(mail.outbox) == 1


def test_the_sweep_queues_only_what_is_due_and_twice_does_no_harm(presented, monkeypatch) -> None:
    queued: list[int] = []
    monkeypatch.setattr("notifications.tasks.deliver_batch.delay", queued.extend)
    rows = list(Notification.objects.order_by("pk"))
    later = rows[0]
    Notification.objects.filter(pk=later.pk).update(
        next_attempt_at=NOW + datetime.timedelta(hours=1)
    )
    Notification.objects.filter(pk=rows[1].pk).update(status="sent")
    with time_machine.travel(NOW, tick=False):
        count = deliver_outbox()
    assert count == len(rows) - 2
    assert later.pk not in queued and rows[1].pk not in queued
    for pk in queued:
        delivery.deliver(pk)
    sent = len(mail.outbox)
    with time_machine.travel(NOW, tick=False):
        for pk in queued:  # the same messages delivered again (a second tick, a redelivery)
            delivery.deliver(pk)
    assert len(mail.outbox) == sent == len(rows) - 2


def test_every_kind_written_by_the_services_has_its_templates() -> None:
    from django.template.loader import select_template

    kinds = [
        f"opportunity.{n}"
        for n in (
            "present",
            "approve",
            "reject",
            "return_for_revision",
            "start_donor_communication",
            "start_monitoring",
            "mark_not_funded",
            "close",
            "withdraw",
        )
    ]
    kinds += [f"obligation.{n}" for n in ("submit", "accept", "return_for_revision", "waive")]
    kinds += ["progress.submitted", "progress.accept", "progress.return_for_revision"]
    kinds += ["meeting.scheduled", "meeting.agenda_added", "meeting.deferred"]
    for kind in kinds:
        family = kind.split(".")[0]
        for part in ("subject.txt", "body.txt", "body.html"):
            select_template(
                [f"notifications/email/{kind}/{part}", f"notifications/email/{family}/{part}"]
            )


def test_the_department_sees_failed_and_stuck_mail_and_sends_it_again(
    presented, minister, coordinator, focal_point
) -> None:
    from tests.web import signed_in

    failed, stuck, waiting = list(Notification.objects.order_by("pk"))[:3]
    Notification.objects.filter(pk=failed.pk).update(
        status="failed", last_error="550 no such mailbox"
    )
    Notification.objects.filter(pk=stuck.pk).update(
        status="sending", next_attempt_at=NOW - datetime.timedelta(hours=1)
    )
    assert signed_in(focal_point).get("/notifications/undelivered/").status_code == 403
    with time_machine.travel(NOW, tick=False):
        page = signed_in(coordinator).get("/notifications/undelivered/").content.decode()
    assert "550 no such mailbox" in page and failed.email in page and stuck.email in page
    assert f"/notifications/{waiting.pk}/resend/" not in page

    assert signed_in(coordinator).post(f"/notifications/{failed.pk}/resend/").status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("pending", 0)
    assert delivery.deliver(failed.pk) == "sent"


def test_mail_a_live_worker_is_sending_is_not_sent_again(
    presented, coordinator, monkeypatch
) -> None:
    from tests.web import signed_in

    row = Notification.objects.order_by("pk").first()
    assert row is not None
    with time_machine.travel(NOW, tick=False):
        assert delivery.claim(row.pk, NOW)  # being sent right now, not stuck
        response = signed_in(coordinator).post(f"/notifications/{row.pk}/resend/", follow=True)
    assert "ხელახლა არ იგზავნება" in response.content.decode()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sending", 1)


def test_a_broker_that_is_away_leaves_the_rows_for_the_sweep(
    make_opportunity, coordinator, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    def broker_away(keys: list[str]) -> None:
        raise ConnectionError("redis is away")

    monkeypatch.setattr("notifications.services.deliver_by_keys.delay", broker_away)
    opportunity = make_opportunity(state="identified")
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    rows = Notification.objects.filter(kind="opportunity.present")
    assert rows.exists() and set(rows.values_list("status", flat=True)) == {"pending"}
    queued: list[int] = []
    monkeypatch.setattr("notifications.tasks.deliver_batch.delay", queued.extend)
    assert deliver_outbox() == rows.count()


def test_a_broker_outage_is_said_once_and_its_end_once(
    make_opportunity, coordinator, django_capture_on_commit_callbacks, monkeypatch, caplog
) -> None:
    """A demo load or a busy hour while the broker is away writes one line, not one per event."""
    broker = {"away": True}

    def deliver(keys: list[str]) -> None:
        if broker["away"]:
            raise ConnectionError("redis is away")

    monkeypatch.setattr("notifications.services.deliver_by_keys.delay", deliver)
    monkeypatch.setattr("notifications.services._QueueHealth.away", False)  # as a process starts
    caplog.set_level("INFO", logger="notifications.services")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            opportunity_transition(
                opportunity=make_opportunity(state="identified"), user=coordinator, name="present"
            )
    broker["away"] = False
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_transition(
            opportunity=make_opportunity(state="identified"), user=coordinator, name="present"
        )
    said = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in said] == ["WARNING", "INFO"]
    assert "redis is away" in said[0][1] and "outbox" in said[0][1]


def test_the_sweep_takes_up_a_row_whose_worker_died(presented, monkeypatch, settings) -> None:
    queued: list[int] = []
    monkeypatch.setattr("notifications.tasks.deliver_batch.delay", queued.extend)
    Notification.objects.update(status="sent")
    stuck = Notification.objects.order_by("pk").first()
    assert stuck is not None
    Notification.objects.filter(pk=stuck.pk).update(status="pending")
    with time_machine.travel(NOW, tick=False):
        assert delivery.claim(stuck.pk, NOW)
        assert deliver_outbox() == 0  # being sent: not queued again
    timeout = datetime.timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT_SECONDS + 1)
    with time_machine.travel(NOW + timeout, tick=False):
        assert deliver_outbox() == 1
    assert queued == [stuck.pk]
