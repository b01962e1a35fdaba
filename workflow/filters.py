"""Register filters, shared by the API and the register page so both filter alike."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import CodesFilter, RecordFilter, RegisterFilterSet, YesNoWidget
from core.models import Donor, OrganisationalUnit
from workflow import measures
from workflow.models import Opportunity

# What free-text search looks through, on the register page and in the API alike.
SEARCH_FIELDS = ["reference", "title", "description", "need", "donor__name_ka", "donor__name_en"]


class OpportunityFilter(RegisterFilterSet):
    state = CodesFilter(choices=Opportunity.State.choices, label=_("state"))
    owning_unit = RecordFilter(queryset=OrganisationalUnit.objects.all(), label=_("owning unit"))
    donor = RecordFilter(queryset=Donor.objects.all(), label=_("donor"))
    kind = CodesFilter(choices=Opportunity.Kind.choices, label=_("kind"))
    deadline_after = django_filters.DateFilter(
        field_name="application_deadline", lookup_expr="gte", label=_("deadline from")
    )
    deadline_before = django_filters.DateFilter(
        field_name="application_deadline", lookup_expr="lte", label=_("deadline to")
    )
    # When the item was entered: the dashboard's period.
    identified_from = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("identified from")
    )
    identified_to = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("identified to")
    )
    # The dashboard's figures open the register through these three.
    reached = django_filters.ChoiceFilter(
        choices=[(s, Opportunity.State(s).label) for s in measures.FUNNEL_STAGES],
        method="filter_reached",
        label=_("reached stage"),
    )
    stuck = django_filters.ChoiceFilter(
        choices=[(s, Opportunity.State(s).label) for s in measures.DEFAULT_STUCK_DAYS],
        method="filter_stuck",
        label=_("stuck in"),
    )
    missed = django_filters.BooleanFilter(
        method="filter_missed",
        label=_("missed deadline"),
        widget=YesNoWidget(),
    )

    class Meta:
        model = Opportunity
        fields = [
            "state",
            "owning_unit",
            "donor",
            "kind",
            "deadline_after",
            "deadline_before",
            "identified_from",
            "identified_to",
            "reached",
            "stuck",
            "missed",
        ]

    def filter_reached(
        self, queryset: QuerySet[Opportunity], name: str, value: str
    ) -> QuerySet[Opportunity]:
        return queryset.filter(measures.reached(value))

    def filter_stuck(
        self, queryset: QuerySet[Opportunity], name: str, value: str
    ) -> QuerySet[Opportunity]:
        limit = measures.stuck_limits().get(value)
        if limit is None:
            return queryset.none()
        cutoff = timezone.now() - datetime.timedelta(days=limit)
        return measures.with_state_since(queryset).filter(measures.stuck_since(value, cutoff))

    def filter_missed(
        self, queryset: QuerySet[Opportunity], name: str, value: bool | None
    ) -> QuerySet[Opportunity]:
        return queryset.filter(measures.missed(timezone.localdate())) if value else queryset


class RegisterPageFilter(OpportunityFilter):
    """The page's filters add free-text search, which the API does with ``search``."""

    text = django_filters.CharFilter(method="filter_text", label=_("text"))

    class Meta(OpportunityFilter.Meta):
        fields = [*OpportunityFilter.Meta.fields, "text"]

    def filter_text(
        self, queryset: QuerySet[Opportunity], name: str, value: str
    ) -> QuerySet[Opportunity]:
        query = Q()
        for field in SEARCH_FIELDS:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)
