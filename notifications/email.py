"""One notification rendered as an email in its recipient's language: a subject, a plain-text
body and an HTML body, from the template triplet of its kind."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import select_template
from django.utils import translation

from notifications.links import item_url
from notifications.models import Notification


def _render(notification: Notification, part: str, context: dict[str, object]) -> str:
    """The kind's own template if it has one, else its family's."""
    family = notification.kind.split(".")[0]
    template = select_template(
        [
            f"notifications/email/{notification.kind}/{part}",
            f"notifications/email/{family}/{part}",
        ]
    )
    return template.render(context)


def render_email(notification: Notification) -> EmailMultiAlternatives:
    context = {
        "kind": notification.kind,
        "action": notification.kind.split(".", 1)[-1],
        "link": item_url(notification.item),
        **notification.context,
    }
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        subject = " ".join(_render(notification, "subject.txt", context).split())
        text = _render(notification, "body.txt", context)
        html = _render(notification, "body.html", context)
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
