"""Register filters, shared by the API and the register page so both filter alike."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.models import Donor, OrganisationalUnit
from workflow.models import Opportunity

# What free-text search looks through, on the register page and in the API alike.
SEARCH_FIELDS = ["reference", "title", "description", "need", "donor__name_ka", "donor__name_en"]


class OpportunityFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=Opportunity.State.choices, label=_("state"))
    owning_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationalUnit.objects.all(), label=_("owning unit")
    )
    donor = django_filters.ModelChoiceFilter(queryset=Donor.objects.all(), label=_("donor"))
    kind = django_filters.MultipleChoiceFilter(choices=Opportunity.Kind.choices, label=_("kind"))
    deadline_after = django_filters.DateFilter(
        field_name="application_deadline", lookup_expr="gte", label=_("deadline from")
    )
    deadline_before = django_filters.DateFilter(
        field_name="application_deadline", lookup_expr="lte", label=_("deadline to")
    )

    class Meta:
        model = Opportunity
        fields = ["state", "owning_unit", "donor", "kind", "deadline_after", "deadline_before"]


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
