"""Filters for mail templates, whose context holds dates as ISO text (rows are JSON)."""

from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter
def day(value: str) -> str:
    """``2027-01-31`` → ``31.01.2027``."""
    try:
        return datetime.date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


@register.filter
def moment(value: str) -> str:
    """An ISO date and time → ``31.01.2027 10:00``."""
    try:
        return datetime.datetime.fromisoformat(str(value)).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return str(value)


@register.filter
def agenda_outcome(value: str) -> str:
    from workflow.models import AgendaItem

    return str(dict(AgendaItem.Outcome.choices).get(value, value))
