"""Where a notification's item lives on the site, for the link in the email and the app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from notifications.models import Notification

# The page of each kind of item a notification can be about.
ITEM_PAGES = {
    "workflow.opportunity": "opportunity-detail",
    "workflow.coordinationmeeting": "meeting-detail",
    "projects.project": "project-detail",
    "projects.obligation": "obligation-detail",
    "actionplans.activity": "activity-report",
    "actionplans.actionplan": "action-plan-detail",
    "commitments.commitment": "commitment-detail",
}


def item_path(item: models.Model | None) -> str:
    """The item's page; a digest, about no single item, points to the notification list."""
    if item is None:
        return reverse("notification-list")
    return _page(item._meta.label_lower, item.pk)


def item_url(item: models.Model | None) -> str:
    return settings.DONORFLOW_SITE_URL + item_path(item)


def notification_path(notification: Notification) -> str:
    """The page of what the notification is about, from the row's type and id alone: a mail
    or a list of them needs no read of each item."""
    if notification.content_type_id is None or notification.object_id is None:
        return reverse("notification-list")
    kind = ContentType.objects.get_for_id(notification.content_type_id)  # cached per process
    return _page(f"{kind.app_label}.{kind.model}", notification.object_id)


def notification_url(notification: Notification) -> str:
    return settings.DONORFLOW_SITE_URL + notification_path(notification)


def _page(label: str, pk: int) -> str:
    page = ITEM_PAGES.get(label)
    return reverse(page, args=[pk]) if page else "/"
