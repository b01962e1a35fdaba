"""Filters of the commitment register (the API's; a page may use the same)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, Framework
from core.filters import CodesFilter, RecordFilter, RegisterFilterSet
from core.models import OrganisationalUnit


class CommitmentFilter(RegisterFilterSet):
    framework = RecordFilter(queryset=Framework.objects.all(), label=_("framework"))
    unit = RecordFilter(
        queryset=OrganisationalUnit.objects.all(), label=_("unit"), method="filter_unit"
    )
    status = CodesFilter(choices=Commitment.Status.choices, label=_("status"))
    deadline_from = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", label=_("deadline from")
    )
    deadline_to = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", label=_("deadline to")
    )
    text = django_filters.CharFilter(method="filter_text", label=_("text"))

    class Meta:
        model = Commitment
        fields = ["framework", "unit", "status", "deadline_from", "deadline_to", "text"]

    def filter_unit(
        self, queryset: QuerySet[Commitment], name: str, value: OrganisationalUnit
    ) -> QuerySet[Commitment]:
        """The unit answers for the commitment, or is one of the others responsible."""
        return queryset.filter(Q(responsible_unit=value) | Q(supporting_units=value)).distinct()

    def filter_text(
        self, queryset: QuerySet[Commitment], name: str, value: str
    ) -> QuerySet[Commitment]:
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(text_ka__icontains=value)
            | Q(text_en__icontains=value)
            | Q(partner_agencies__icontains=value)
        )
