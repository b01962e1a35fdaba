"""Writing outbox rows. Call inside the transaction of the event that causes them."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.errors import ActionForbidden, StateConflict
from core.models import User
from notifications.delivery import resend
from notifications.models import Notification
from notifications.preferences import apply_preferences, schedule_digests
from notifications.recipients import Recipient
from notifications.tasks import deliver_by_keys
from projects.permissions import can_keep_register

log = logging.getLogger(__name__)


def notifications_enqueue(
    *,
    kind: str,
    item: models.Model | None,
    recipients: Iterable[Recipient],
    context: dict[str, Any],
    event_key: str,
    exclude_user_id: int | None = None,
) -> list[Notification]:
    """Write one row per distinct recipient for an event.

    ``event_key`` names the event (e.g. the transition-log id); with the address it forms the
    dedupe key, so the same event can never produce two messages to one mailbox. Each person's
    preferences decide whether the row is mailed now, held for their digest, or shown in the
    app only.
    """
    content_type = ContentType.objects.get_for_model(item) if item is not None else None
    rows: dict[str, Notification] = {}
    for recipient in recipients:
        if exclude_user_id is not None and recipient.user and recipient.user.pk == exclude_user_id:
            continue
        address = recipient.email.lower() or f"user-{recipient.user.pk if recipient.user else ''}"
        if address in rows:
            continue
        rows[address] = Notification(
            recipient=recipient.user,
            email=recipient.email,
            language=recipient.language,
            kind=kind,
            content_type=content_type,
            object_id=item.pk if item is not None else None,
            context=context,
            dedupe_key=f"{kind}:{event_key}:{address}"[:200],
        )
    apply_preferences(kind, list(rows.values()))
    Notification.objects.bulk_create(rows.values(), ignore_conflicts=True)
    held = {
        row.recipient_id
        for row in rows.values()
        if row.recipient_id and row.status == Notification.Status.HELD
    }
    if held:
        schedule_digests(held)
    keys = [row.dedupe_key for row in rows.values() if row.status == Notification.Status.PENDING]
    if keys:
        # Delivery starts once the event is committed; if this message is lost, the outbox
        # sweep sends the rows later.
        transaction.on_commit(lambda: _send_after_commit(keys))
    return list(rows.values())


def notification_resend(*, notification: Notification, user: User) -> None:
    """The department sends a failed or stuck mail again."""
    if not can_keep_register(user):
        raise ActionForbidden(_("Only the department's coordinators send mail again."))
    if not resend(notification):
        raise StateConflict(_("This mail is not failed or stuck; it is not sent again."))


def _send_after_commit(keys: list[str]) -> None:
    try:
        deliver_by_keys.delay(keys)
    except Exception:  # the broker is away: the rows wait for the sweep
        log.warning("could not queue delivery of %s notifications; the sweep will", len(keys))
