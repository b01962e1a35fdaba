"""One notification rendered as an email in its recipient's language: a subject, a plain-text
body and an HTML body, from its kind's template triplet
(``notifications/email/<kind>/subject.txt``, ``body.txt``, ``body.html``)."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.utils import translation

from notifications.links import notification_url
from notifications.models import Notification

PARTS = ("subject.txt", "body.txt", "body.html")


def template_name(kind: str, part: str) -> str:
    return f"notifications/email/{kind}/{part}"


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _readable(value: Any) -> Any:
    """Rows keep dates as ISO text (they are JSON); templates get dates, so that Django's
    ``date`` filter formats them in the reader's time zone."""
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        return datetime.date.fromisoformat(value)
    if isinstance(value, str) and ISO_MOMENT.match(value):
        return datetime.datetime.fromisoformat(value)
    return value


def _context(notification: Notification) -> dict[str, Any]:
    return {
        "kind": notification.kind,
        "link": notification_url(notification),
        **{name: _readable(value) for name, value in notification.context.items()},
    }


def render_subject(notification: Notification) -> str:
    """The one-line subject in the active language; the app lists notifications by it."""
    text = get_template(template_name(notification.kind, "subject.txt")).render(
        _context(notification)
    )
    return " ".join(text.split())


def render_email(notification: Notification) -> EmailMultiAlternatives:
    context = _context(notification)
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        subject = render_subject(notification)
        text = get_template(template_name(notification.kind, "body.txt")).render(context)
        html = get_template(template_name(notification.kind, "body.html")).render(context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.email],
        headers={
            # The same row always yields the same Message-ID, so a mail server or client can
            # tell a resend of one notification from a new one.
            "Message-ID": f"<{hashlib.sha256(notification.dedupe_key.encode()).hexdigest()}"
            "@donorflow>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
