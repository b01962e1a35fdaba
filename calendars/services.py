"""Making, replacing and revoking a person's calendar link."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from calendars.models import CalendarFeed, token_hash
from core.models import User


@transaction.atomic
def calendar_feed_renew(*, user: User) -> str:
    """A new secret for the person's link; the old link stops working. Returns the secret,
    which is not kept and cannot be shown again."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": token_hash(token), "last_read_at": None}
    )
    return token


def calendar_feed_revoke(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def calendar_feed_owner(token: str) -> User | None:
    """Whose link ``token`` is, if it is still valid and its owner may still sign in."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed.user
