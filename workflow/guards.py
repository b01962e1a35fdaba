"""Conditions a transition needs, each able to say what is missing.

Each is a "what is missing" function wrapped by ``core.lifecycle.guard``, so the same rule
both blocks the transition and tells the user why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


__all__ = ["has_confirmed_funding", "has_presentation_content", "missing_for"]

has_presentation_content = guard(ready_for_presentation)
has_confirmed_funding = guard(funding_confirmed)
