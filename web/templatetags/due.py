"""``{{ date|due_class }}``: how a due date reads in every list that shows one — red once
past (``due-past``), amber within a week (``due-soon``), plain otherwise. The rule is the
decision brief's (``web.documents.briefs``), so a date reads alike everywhere."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from web.documents.briefs import SOON_DAYS

register = template.Library()


def due_class_on(value: datetime.date | datetime.datetime | None, today: datetime.date) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if value < today:
        return "due-past"
    if value <= today + datetime.timedelta(days=SOON_DAYS):
        return "due-soon"
    return ""


@register.filter
def due_class(value: datetime.date | datetime.datetime | None) -> str:
    """The class for a date something is due on, counted from today (local time). Use it only
    where the thing is still owed: a report handed in is not late any more."""
    return due_class_on(value, timezone.localdate())
