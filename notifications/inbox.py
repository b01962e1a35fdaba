"""The in-app notification centre: a person's own notifications, read and unread."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionBlocked
from core.models import User
from notifications.email import render_subject
from notifications.kinds import OPTIONAL_KINDS, kind_label
from notifications.links import notification_path
from notifications.models import Notification, NotificationPreference


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class InboxEntry:
    pk: int
    subject: str
    kind: str
    path: str
    created_at: object
    unread: bool


def entries(rows: Sequence[Notification]) -> list[InboxEntry]:
    """Rows as the page shows them, with subjects in the reader's active language."""
    return [
        InboxEntry(
            pk=row.pk,
            subject=render_subject(row),
            kind=kind_label(row.kind),
            path=notification_path(row),
            created_at=row.created_at,
            unread=row.read_at is None,
        )
        for row in rows
    ]


def mark_read(user: User, pks: Sequence[int] | None = None) -> int:
    """Mark the person's own notifications read (all of them when no ids are given)."""
    rows = inbox(user).filter(read_at__isnull=True)
    if pks is not None:
        rows = rows.filter(pk__in=pks)
    return rows.update(read_at=timezone.now())


def preference_for(user: User) -> NotificationPreference:
    return NotificationPreference.objects.get_or_create(user=user)[0]


def preference_update(*, user: User, daily_digest: bool, muted_kinds: Sequence[str]) -> None:
    """Save how the person wants their mail. Mandatory kinds cannot be switched off."""
    allowed = {kind.code for kind in OPTIONAL_KINDS}
    refused = sorted(set(muted_kinds) - allowed)
    if refused:
        raise ActionBlocked(
            _("These notifications cannot be switched off: %(kinds)s.")
            % {"kinds": ", ".join(kind_label(code) for code in refused)}
        )
    preference = preference_for(user)
    preference.daily_digest = daily_digest
    preference.muted_kinds = sorted(set(muted_kinds))
    preference.save(update_fields=["daily_digest", "muted_kinds"])
