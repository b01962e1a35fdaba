"""Writing outbox rows. Call inside the transaction of the event that causes them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from notifications.models import Notification
from notifications.recipients import Recipient


def notifications_enqueue(
    *,
    kind: str,
    item: models.Model,
    recipients: Iterable[Recipient],
    context: dict[str, Any],
    event_key: str,
    exclude_user_id: int | None = None,
) -> list[Notification]:
    """Write one pending row per distinct address for an event.

    ``event_key`` names the event (e.g. the transition-log id); with the address it forms the
    dedupe key, so the same event can never produce two messages to one mailbox.
    """
    content_type = ContentType.objects.get_for_model(item)
    rows: dict[str, Notification] = {}
    for recipient in recipients:
        if exclude_user_id is not None and recipient.user and recipient.user.pk == exclude_user_id:
            continue
        address = recipient.email.lower()
        if address in rows:
            continue
        rows[address] = Notification(
            recipient=recipient.user,
            email=recipient.email,
            language=recipient.language,
            kind=kind,
            content_type=content_type,
            object_id=item.pk,
            context=context,
            dedupe_key=f"{kind}:{event_key}:{address}",
        )
    Notification.objects.bulk_create(rows.values(), ignore_conflicts=True)
    return list(rows.values())
