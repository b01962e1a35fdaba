"""Where a notification's item lives on the site, for the link in the email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

# The page of each kind of item a notification can be about.
ITEM_PAGES = {
    "workflow.opportunity": "opportunity-detail",
    "workflow.coordinationmeeting": "meeting-detail",
    "projects.project": "project-detail",
    "projects.obligation": "obligation-detail",
}


def item_url(item: models.Model | None) -> str:
    if item is None:
        return settings.DONORFLOW_SITE_URL + "/"
    page = ITEM_PAGES.get(item._meta.label_lower)
    path = reverse(page, args=[item.pk]) if page else "/"
    return settings.DONORFLOW_SITE_URL + path
