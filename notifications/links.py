"""Where a notification's item lives on the site, for the link in the email and the app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from notifications.models import Notification

# The page of each kind of item a notification can be about.
ITEM_PAGES = {
    "workflow.opportunity": "opportunity-detail",
    "workflow.coordinationmeeting": "meeting-detail",
    "projects.project": "project-detail",
    "projects.obligation": "obligation-detail",
}


def item_path(item: models.Model | None) -> str:
    """The item's page; a digest, about no single item, points to the notification list."""
    if item is None:
        return reverse("notification-list")
    page = ITEM_PAGES.get(item._meta.label_lower)
    return reverse(page, args=[item.pk]) if page else "/"


def item_url(item: models.Model | None) -> str:
    return settings.DONORFLOW_SITE_URL + item_path(item)


def notification_url(notification: Notification) -> str:
    return item_url(notification.item)
