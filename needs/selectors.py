"""Reads of the shopping list, and the gap view: what nobody is working on yet."""

from __future__ import annotations

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Value, When

from commitments.models import Commitment
from core.codelists import ActivityStatus
from needs.models import Need
from projects.models import Project
from workflow.models import Opportunity
from workflow.selectors import opportunity_register

# Opportunities that no longer carry a need forward, and projects that never will.
_DEAD_OPPORTUNITY_STATES = (Opportunity.State.REJECTED,)
_CANCELLED_PROJECT_STATUS = ActivityStatus.CANCELLED


def _priority_rank() -> Case:
    return Case(
        When(priority=Need.Priority.HIGH, then=Value(0)),
        When(priority=Need.Priority.MEDIUM, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def need_list() -> QuerySet[Need]:
    """Most urgent first: still needed before settled, then by priority."""
    settled = Case(
        When(status__in=Need.STILL_NEEDED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Need.objects.select_related("responsible_unit")
        .prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.select_related("framework")),
            "opportunities",
            "projects",
        )
        .annotate(settled=settled, priority_rank=_priority_rank())
        .order_by("settled", "priority_rank", "title")
    )


def needs_without_support() -> QuerySet[Need]:
    """Needs still open that no live opportunity and no project answers."""
    live_opportunity = Opportunity.objects.filter(needs=OuterRef("pk")).exclude(
        state__in=_DEAD_OPPORTUNITY_STATES
    )
    live_project = Project.objects.filter(needs=OuterRef("pk")).exclude(
        status=_CANCELLED_PROJECT_STATUS
    )
    return (
        Need.objects.filter(status__in=Need.STILL_NEEDED)
        .filter(~Exists(live_opportunity), ~Exists(live_project))
        .select_related("responsible_unit")
        .annotate(priority_rank=_priority_rank())
        .order_by("priority_rank", "title")
    )


def opportunities_without_need() -> QuerySet[Opportunity]:
    """Live opportunities that answer no need on the shopping list."""
    return (
        opportunity_register()
        .exclude(state__in=Opportunity.FINISHED)
        .filter(~Exists(Need.objects.filter(opportunities=OuterRef("pk"))))
        .order_by("application_deadline", "id")
    )
