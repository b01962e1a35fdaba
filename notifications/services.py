"""Writing outbox rows. Call inside the transaction of the event that causes them."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionForbidden, StateConflict
from core.models import User
from notifications.delivery import resend
from notifications.models import Notification
from notifications.permissions import can_resend
from notifications.preferences import apply_preferences, schedule_digests
from notifications.recipients import Recipient
from notifications.tasks import batches, deliver_by_keys

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Something to tell people about: its kind, the item, who, what, and a key naming it."""

    kind: str
    item: models.Model | None
    recipients: Iterable[Recipient]
    context: dict[str, Any]
    event_key: str
    exclude_user_id: int | None = None


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
    return notifications_enqueue_many(
        [Event(kind, item, recipients, context, event_key, exclude_user_id)]
    )


def notifications_enqueue_many(events: Iterable[Event]) -> list[Notification]:
    """``notifications_enqueue`` for many events in one write: a sweep's batch costs a few
    queries, not a few per row."""
    rows: dict[str, Notification] = {}
    for event in events:
        content_type = (
            ContentType.objects.get_for_model(event.item) if event.item is not None else None
        )
        seen: set[str] = set()
        for recipient in event.recipients:
            if (
                event.exclude_user_id is not None
                and recipient.user
                and recipient.user.pk == event.exclude_user_id
            ):
                continue
            address = recipient.email.lower() or (
                f"user-{recipient.user.pk if recipient.user else ''}"
            )
            if address in seen:
                continue
            seen.add(address)
            key = f"{event.kind}:{event.event_key}:{address}"[:200]
            # Keys rather than rows: a sweep's batch builds thousands of these.
            rows[key] = Notification(
                recipient_id=recipient.user.pk if recipient.user else None,
                email=recipient.email,
                language=recipient.language,
                kind=event.kind,
                content_type_id=content_type.pk if content_type else None,
                object_id=event.item.pk if event.item is not None else None,
                context=event.context,
                dedupe_key=key,
            )
    by_kind: dict[str, list[Notification]] = {}
    for row in rows.values():
        by_kind.setdefault(row.kind, []).append(row)
    for kind, same_kind in by_kind.items():
        apply_preferences(kind, same_kind)
    _write(list(rows.values()))
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
        # sweep sends the rows later. Large writes go as several batches, one per worker.
        transaction.on_commit(lambda: _send_after_commit(keys))
    return list(rows.values())


def _write(rows: list[Notification]) -> None:
    """Insert the rows, passing over any whose dedupe key is written already.

    On PostgreSQL the rows go as one JSON parameter read by ``jsonb_to_recordset``: Django's
    bulk insert quotes every value into an array literal in Python, which for a sweep's batch
    costs more than all the rest of the sweep.
    """
    if connection.vendor != "postgresql" or len(rows) < 2:
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        return
    qn = connection.ops.quote_name
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    now = timezone.now()  # what ``auto_now_add`` sets, one moment for the batch
    stamped = [f.attname for f in fields if getattr(f, "auto_now_add", False)]
    for row in rows:
        for attname in stamped:
            setattr(row, attname, now)
    names = [(f.column, f.attname) for f in fields]
    values = [{column: _plain(getattr(row, attname)) for column, attname in names} for row in rows]
    columns = ", ".join(qn(str(f.column)) for f in fields)
    types = ", ".join(f"{qn(str(f.column))} {f.db_type(connection)}" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(Notification._meta.db_table)} ({columns}) SELECT {columns} "
            f"FROM jsonb_to_recordset(%s::jsonb) AS r ({types}) "
            "ON CONFLICT (dedupe_key) DO NOTHING",
            [json.dumps(values, ensure_ascii=False)],
        )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.datetime) else value


def notification_resend(*, notification: Notification, user: User) -> None:
    """The department sends a failed or stuck mail again."""
    if not can_resend(user):
        raise ActionForbidden(_("Only the department's coordinators send mail again."))
    if not resend(notification):
        raise StateConflict(_("This mail is not failed or stuck; it is not sent again."))


class _QueueHealth:
    """Whether the last hand-over to the task queue failed, so an outage is said once (a demo
    load or a busy hour would otherwise log a line per event) and its end once."""

    away = False


def _send_after_commit(keys: list[str]) -> None:
    try:
        for batch in batches(keys):
            deliver_by_keys.delay(batch)
    except Exception as exc:  # the broker is away: the rows wait for the sweep
        if not _QueueHealth.away:
            _QueueHealth.away = True
            log.warning(
                "The task queue cannot be reached (%s). Notifications wait in the outbox and "
                "are sent by the next outbox sweep once it is back; this is said once.",
                exc,
            )
    else:
        if _QueueHealth.away:
            _QueueHealth.away = False
            log.info("The task queue can be reached again.")
