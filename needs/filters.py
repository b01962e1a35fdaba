from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import CodesFilter, RecordFilter, RegisterFilterSet
from core.models import OrganisationalUnit
from needs.models import Need


class NeedFilter(RegisterFilterSet):
    status = CodesFilter(choices=Need.Status.choices, label=_("status"))
    priority = CodesFilter(choices=Need.Priority.choices, label=_("priority"))
    source = CodesFilter(choices=Need.Source.choices, label=_("source commitment"))
    responsible_unit = RecordFilter(
        queryset=OrganisationalUnit.objects.all(), label=_("responsible unit")
    )
    text = django_filters.CharFilter(method="filter_text", label=_("text"))

    class Meta:
        model = Need
        fields = ["status", "priority", "source", "responsible_unit", "text"]

    def filter_text(self, queryset: QuerySet[Need], name: str, value: str) -> QuerySet[Need]:
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(source_reference__icontains=value)
        )
