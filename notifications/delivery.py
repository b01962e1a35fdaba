"""Delivering outbox rows by email, each at most once at a time and never twice once sent.

A row is claimed with a conditional UPDATE (pending and due → sending), so two workers, or a
worker and the sweep, cannot both send it. ``next_attempt_at`` says when the sweep should look
at the row again: the retry time of a pending row, or, for a row being sent, when to take it
up again if its worker died.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import smtplib
import socket
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q, QuerySet
from django.template import TemplateDoesNotExist
from django.utils import timezone

from notifications.email import render_email
from notifications.models import Notification

log = logging.getLogger(__name__)

# Worth trying again later: the server is away, busy or said "try later" (4xx).
TRANSIENT = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    ConnectionError,
    socket.timeout,
    TimeoutError,
    OSError,
)


def _is_transient(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, TRANSIENT)


def retry_delay(attempts: int) -> datetime.timedelta:
    """60 s, 120 s, 240 s, … up to an hour."""
    seconds = settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_MAX_SECONDS))


def due_for_delivery(now: datetime.datetime) -> QuerySet[Notification]:
    """Pending rows whose time has come, and rows left "sending" by a worker that died."""
    return Notification.objects.filter(
        Q(status=Notification.Status.PENDING)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        | Q(status=Notification.Status.SENDING, next_attempt_at__lte=now)
    )


def claim(pk: int, now: datetime.datetime) -> bool:
    """Take the row for sending if it is still due; True when this caller got it."""
    timeout = datetime.timedelta(seconds=settings.NOTIFICATION_SENDING_TIMEOUT_SECONDS)
    taken = (
        due_for_delivery(now)
        .filter(pk=pk)
        .update(
            status=Notification.Status.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + timeout,
        )
    )
    return taken == 1


def deliver(
    pk: int, connection: BaseEmailBackend | None = None, read: Notification | None = None
) -> str | None:
    """Send one row if it is due and nobody else is sending it; its status afterwards.

    With ``connection``, the mail goes over that open SMTP session instead of a new one.
    ``read`` is the row as read before the claim, to spare reading it again: what a mail says
    does not change once written, and the claim itself only counts the attempt.
    """
    now = timezone.now()
    if not claim(pk, now):
        return None
    if read is None:
        notification = Notification.objects.get(pk=pk)
    else:
        notification = read
        notification.attempts += 1  # as the claim counted it
    try:
        message = render_email(notification)
        if connection is not None:
            message.connection = connection
        message.send()
    except Exception as error:  # every failure is recorded on the row, then judged
        if connection is not None:
            connection.close()  # the session may be broken; the next mail opens a new one
        transient = _is_transient(error) and not isinstance(error, TemplateDoesNotExist)
        exhausted = notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
        status = (
            Notification.Status.PENDING
            if transient and not exhausted
            else Notification.Status.FAILED
        )
        Notification.objects.filter(pk=pk, status=Notification.Status.SENDING).update(
            status=status,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=now + retry_delay(notification.attempts)
            if status == Notification.Status.PENDING
            else None,
        )
        log.warning("notification %s: %s (%s)", pk, error, status)
        return str(status)
    Notification.objects.filter(pk=pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
    )
    return str(Notification.Status.SENT)


def deliver_all(pks: Iterable[int]) -> list[str | None]:
    """Send several rows over one SMTP session: opening one per mail costs more than the mail."""
    connection = get_connection()
    outcomes = []
    wanted = list(pks)
    rows = Notification.objects.in_bulk(wanted)
    try:
        for pk in wanted:
            # Kept open between mails (a mail sent on a closed backend opens and closes its own
            # session); if the server is away, the mail's attempt records that.
            with contextlib.suppress(Exception):
                connection.open()
            outcomes.append(deliver(pk, connection, rows.get(pk)))
    finally:
        connection.close()
    return outcomes


def needing_attention(now: datetime.datetime) -> QuerySet[Notification]:
    """What the department must see: rows that failed, and rows stuck while being sent."""
    return Notification.objects.filter(
        Q(status=Notification.Status.FAILED)
        | Q(status=Notification.Status.SENDING, next_attempt_at__lte=now)
    ).order_by("-created_at", "-id")


def resend(notification: Notification) -> bool:
    """Put a failed or stuck row back in the queue now; True if it was one.

    A row a live worker is sending right now is left alone, or the mail could go twice.
    """
    return bool(
        needing_attention(timezone.now())
        .filter(pk=notification.pk)
        .update(status=Notification.Status.PENDING, next_attempt_at=None, attempts=0)
    )
