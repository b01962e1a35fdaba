"""Digests: each person's daily bundle of held mail, and the weekly summary for top management."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count
from django.utils import timezone, translation

from notifications.email import render_subject
from notifications.links import notification_url
from notifications.models import Notification, NotificationPreference
from notifications.recipients import person, top_management
from notifications.services import notifications_enqueue
from projects.models import Obligation, Project
from reminders.runner import Firing, Message, Sweep
from workflow.models import Opportunity


def fire_daily_digest(preference: NotificationPreference, now: datetime.datetime) -> Firing:
    """A person's digest is due: sent once (see ``bundle_daily_digests``), then planned again
    when new mail is held for them."""
    return Firing(next_due=None)


def bundle_daily_digests(
    preferences: list[NotificationPreference], now: datetime.datetime
) -> list[Message]:
    """Everything held for each of these people, in one mail each; the rows are marked as sent
    in it. Done once the digests are claimed, so a row held meanwhile either joins this digest
    or waits for the next one it planned."""
    held: dict[int, list[Notification]] = {}
    for row in Notification.objects.filter(
        recipient_id__in=[preference.user_id for preference in preferences],
        status=Notification.Status.HELD,
        created_at__lte=now,
    ).order_by("created_at", "id"):
        assert row.recipient_id is not None
        held.setdefault(row.recipient_id, []).append(row)
    messages = []
    for preference in preferences:
        rows = held.get(preference.user_id)
        if not rows:
            continue
        user = preference.user
        due_at = preference.next_digest_at or now  # as read, before the claim moved it
        with translation.override(user.language or settings.LANGUAGE_CODE):
            items = [
                {"subject": render_subject(row), "link": notification_url(row)} for row in rows
            ]
        messages.append(
            Message(
                kind="digest.daily",
                item=None,
                recipients=person(user),
                context={"items": items, "day": timezone.localdate(now).isoformat()},
                event_key=f"daily-{due_at:%Y%m%d%H%M}",
            )
        )
    bundled = [row.pk for rows in held.values() for row in rows]
    if bundled:
        Notification.objects.filter(pk__in=bundled).update(
            status=Notification.Status.BUNDLED, sent_at=now
        )
    return messages


DAILY_DIGEST = Sweep(
    "daily digests",
    NotificationPreference,
    "next_digest_at",
    fire_daily_digest,
    related=("user",),
    after_claim=bundle_daily_digests,
)


def _weekly_due(now: datetime.datetime) -> datetime.datetime:
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday())
    hour, minute = (int(part) for part in settings.DIGEST_TIME.split(":"))
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time(hour, minute)))


def weekly_summary(today: datetime.date) -> dict[str, object]:
    """Decisions waiting on top management and overdue obligations, by unit."""
    waiting = Opportunity.objects.filter(state=Opportunity.State.PRESENTED).select_related(
        "owning_unit"
    )
    overdue = Obligation.objects.filter(
        state__in=Obligation.WAITING_ON_UNIT, due_date__lt=today
    ).values("responsible_unit__name_ka")
    reports = Project.objects.filter(
        status__in=Project.REPORTING_STATUSES, next_report_due__lt=today
    )
    return {
        "decisions": [
            {
                "reference": o.reference,
                "title": o.title,
                "unit": o.owning_unit.name_ka,
                "days": (today - timezone.localdate(o.state_changed_at or o.created_at)).days,
            }
            for o in waiting.order_by("state_changed_at", "id")
        ],
        "overdue_by_unit": [
            {"unit": row["responsible_unit__name_ka"], "count": row["count"]}
            for row in overdue.annotate(count=Count("id")).order_by(
                "-count", "responsible_unit__name_ka"
            )
        ],
        "overdue_reports": reports.count(),
        "week": "{}-W{:02d}".format(*today.isocalendar()[:2]),
    }


def send_weekly_digest(now: datetime.datetime) -> int:
    """From Monday morning on, once a week: the summary to top management.

    The week's dedupe key makes a second run, or a second sweep at once, send nothing.
    """
    if now < _weekly_due(now):
        return 0
    summary = weekly_summary(timezone.localdate(now))
    already = Notification.objects.filter(
        kind="digest.weekly", dedupe_key__contains=f":week-{summary['week']}:"
    )
    if already.exists():
        return 0
    rows = notifications_enqueue(
        kind="digest.weekly",
        item=None,
        recipients=top_management(),
        context=summary,
        event_key=f"week-{summary['week']}",
    )
    return len(rows)
