"""One notification rendered as an email in its recipient's language: a subject, a plain-text
body and an HTML body, from its kind's template triplet
(``notifications/email/<kind>/subject.txt``, ``body.txt``, ``body.html``)."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from notifications.links import notification_url
from notifications.models import Notification

PARTS = ("subject.txt", "body.txt", "body.html")


def template_name(kind: str, part: str) -> str:
    return f"notifications/email/{kind}/{part}"


# The context keys that hold a day or a moment, written by their services as ISO text (rows are
# JSON). Only these are read back as dates: guessing from a value's shape turned a comment that
# begins "2026-12-01T10:00 call…" into a date, or failed on it, so text stays text.
DAY_KEYS = frozenset({"day", "deadline", "due_date", "next_due_date", "period_end", "since"})
MOMENT_KEYS = frozenset({"starts_at"})


def _readable(name: str, value: Any) -> Any:
    """Templates get dates, so that Django's ``date`` filter formats them in the reader's
    time zone; a value that is not a well-formed ISO date is shown as it was stored."""
    if not isinstance(value, str) or name not in DAY_KEYS | MOMENT_KEYS:
        return value
    try:
        if name in DAY_KEYS:
            return datetime.date.fromisoformat(value)
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return value


def _context(notification: Notification) -> dict[str, Any]:
    return {
        "kind": notification.kind,
        "link": notification_url(notification),
        **{name: _readable(name, value) for name, value in notification.context.items()},
    }


def render_part(kind: str, part: str, context: dict[str, Any]) -> str:
    """One part of a kind's triplet. Only the HTML body is escaped: the subject and the plain
    text are not HTML, so a title "Tom & Jerry" must reach them as typed, not as "&amp;"."""
    template = get_template(template_name(kind, part))
    if part.endswith(".html"):
        return template.render(context)
    # The backend's wrapper always escapes; its compiled template takes a Context that says not
    # to, and includes and blocktranslate inside it follow that Context.
    return str(template.template.render(Context(context, autoescape=False)))  # type: ignore[attr-defined]


def render_subject(notification: Notification) -> str:
    """The one-line subject in the active language; the app lists notifications by it (and
    escapes it there, as any text)."""
    text = render_part(notification.kind, "subject.txt", _context(notification))
    return " ".join(text.split())


def render_email(notification: Notification) -> EmailMultiAlternatives:
    context = _context(notification)
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        subject = render_subject(notification)
        text = render_part(notification.kind, "body.txt", context)
        html = render_part(notification.kind, "body.html", context)
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
