"""Conditions a transition needs, each able to say what is missing.

django-fsm-2 wants conditions as ``callable(instance) -> bool``; the service and the API also
need the reason. ``guard`` wraps a "what is missing" function into such a condition and keeps
the function on it, so each rule is written once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from workflow.models import Opportunity

MissingCheck = Callable[["Opportunity"], list[str]]


def guard(check: MissingCheck) -> Callable[[Any], bool]:
    def condition(opportunity: Any) -> bool:
        return not check(opportunity)

    condition.missing = check  # type: ignore[attr-defined]
    condition.__name__ = check.__name__
    return condition


def missing_for(conditions: list[Any], opportunity: Opportunity) -> list[str]:
    messages: list[str] = []
    for condition in conditions:
        messages.extend(condition.missing(opportunity))
    return messages


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


has_presentation_content = guard(ready_for_presentation)
has_confirmed_funding = guard(funding_confirmed)
