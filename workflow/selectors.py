"""Reads of opportunities, with the joins each screen and endpoint needs done up front."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from workflow.models import KeyPerformanceIndicator, Opportunity, OpportunityEdit, TransitionLog


def opportunity_register() -> QuerySet[Opportunity]:
    """The unified register: every opportunity, readable by everyone signed in."""
    return Opportunity.objects.select_related(
        "donor", "owning_unit", "presented_at"
    ).prefetch_related(
        "beneficiary_units",
        Prefetch("kpis", queryset=KeyPerformanceIndicator.objects.order_by("position", "id")),
    )


def opportunity_history(opportunity: Opportunity) -> QuerySet[TransitionLog]:
    return opportunity.transition_logs.select_related("actor").order_by("at", "id")


def opportunity_edits(opportunity: Opportunity) -> QuerySet[OpportunityEdit]:
    return opportunity.edits.select_related("actor").order_by("at", "id")


def opportunities_of_units(unit_ids: set[int]) -> QuerySet[Opportunity]:
    return opportunity_register().filter(owning_unit_id__in=unit_ids)


def awaiting_decision() -> QuerySet[Opportunity]:
    """Presented items: top management decides on these."""
    return opportunity_register().filter(state=Opportunity.State.PRESENTED)


def awaiting_presentation() -> QuerySet[Opportunity]:
    """Identified items the department may put on a coordination meeting's agenda."""
    return opportunity_register().filter(state=Opportunity.State.IDENTIFIED)
