"""Conditions a transition needs, each able to say what is missing.

Each is a "what is missing" function wrapped by ``core.lifecycle.guard``, so the same rule
both blocks the transition and tells the user why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from core.lifecycle import guard, missing_for

if TYPE_CHECKING:
    from workflow.models import Opportunity


def ready_for_presentation(opportunity: Opportunity) -> list[str]:
    missing = []
    if not opportunity.expected_results.strip():
        missing.append(_("Expected results are required before the item is presented."))
    if opportunity.pk is None or not opportunity.kpis.exists():
        missing.append(_("At least one KPI is required before the item is presented."))
    return missing


def meeting_held_with_item(opportunity: Opportunity) -> list[str]:
    """The meeting an item is presented at must have begun and have had the item on its
    agenda: otherwise that agenda could never be completed (its entry could no longer be
    recorded), and the minutes would not list what the meeting did."""
    meeting = opportunity.presented_at
    if meeting is None:
        return []
    missing = []
    from workflow.models import AgendaItem  # the models import these guards

    on_agenda = meeting.agenda_items.filter(opportunity_id=opportunity.pk)
    if not on_agenda.exists():
        missing.append(_("The item was not on the agenda of the meeting it is presented at."))
    elif not on_agenda.exclude(outcome=AgendaItem.Outcome.DEFERRED).exists():
        # The minutes already say the meeting deferred it; it goes on a later agenda.
        missing.append(_("The meeting deferred this item; present it at a later meeting."))
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        missing.append(_("An item is presented at a meeting from the day of the meeting on."))
    return missing


def funding_confirmed(opportunity: Opportunity) -> list[str]:
    missing = []
    if opportunity.confirmed_amount is None:
        missing.append(_("The confirmed amount is required to start monitoring."))
    elif opportunity.confirmed_amount <= 0:
        missing.append(_("The confirmed amount must be greater than zero."))
    if not opportunity.confirmed_currency:
        missing.append(_("The currency of the confirmed amount is required to start monitoring."))
    if opportunity.funding_start_date is None:
        missing.append(_("The start date is required to start monitoring."))
    return missing


__all__ = ["has_confirmed_funding", "has_held_meeting", "has_presentation_content", "missing_for"]

has_presentation_content = guard(ready_for_presentation)
has_held_meeting = guard(meeting_held_with_item)
has_confirmed_funding = guard(funding_confirmed)
