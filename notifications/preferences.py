"""Applying each person's mail preferences to the rows of an event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from notifications.kinds import is_mandatory
from notifications.models import Notification, NotificationPreference


def apply_preferences(kind: str, rows: Sequence[Notification]) -> None:
    """Set each new row's status: mailed now, held for a digest, or shown in the app only."""
    user_ids = [row.recipient_id for row in rows if row.recipient_id]
    preferences = {
        p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)
    }
    optional = not is_mandatory(kind)
    for row in rows:
        preference = preferences.get(row.recipient_id) if row.recipient_id else None
        if not row.email or (optional and preference and kind in preference.muted_kinds):
            row.status = Notification.Status.IN_APP
        elif optional and preference and preference.daily_digest:
            row.status = Notification.Status.HELD
        else:
            row.status = Notification.Status.PENDING


def next_digest_time(now: datetime.datetime | None = None) -> datetime.datetime:
    """Today's digest time if it is still ahead, else tomorrow's."""
    now = now or timezone.now()
    hour, minute = (int(part) for part in settings.DIGEST_TIME.split(":"))
    today = timezone.localdate(now)
    for day in (today, today + datetime.timedelta(days=1)):
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        if at > now:
            return at
    raise AssertionError("unreachable: tomorrow's digest time is always ahead")


def schedule_digests(user_ids: Iterable[int]) -> None:
    """Make sure each person's next digest is due; an already planned one stays.

    ``Coalesce`` is evaluated under the row lock, so a digest being sent at this moment either
    takes these rows or leaves its successor planned.
    """
    NotificationPreference.objects.filter(user_id__in=list(user_ids)).update(
        next_digest_at=Coalesce(F("next_digest_at"), next_digest_time())
    )
