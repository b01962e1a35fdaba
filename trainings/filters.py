from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import RecordFilter, RegisterFilterSet, YearFilter
from core.models import OrganisationalUnit
from trainings.models import Training


class TrainingFilter(RegisterFilterSet):
    unit = RecordFilter(queryset=OrganisationalUnit.objects.all(), label=_("unit"))
    year = YearFilter(field_name="start_date", lookup_expr="year", label=_("year"))
    text = django_filters.CharFilter(method="filter_text", label=_("text"))

    class Meta:
        model = Training
        fields = ["unit", "year", "text"]

    def filter_text(
        self, queryset: QuerySet[Training], name: str, value: str
    ) -> QuerySet[Training]:
        return queryset.filter(
            Q(name__icontains=value)
            | Q(organiser__icontains=value)
            | Q(place__icontains=value)
            | Q(country__icontains=value)
        )
