from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlan
from core.filters import RecordFilter, YearFilter
from core.models import OrganisationalUnit


class ActionPlanFilter(django_filters.FilterSet):
    year = YearFilter(label=_("year"))
    unit = RecordFilter(queryset=OrganisationalUnit.objects.all(), label=_("unit"))
    department = django_filters.BooleanFilter(
        field_name="unit", lookup_expr="isnull", label=_("the department's own plan")
    )

    class Meta:
        model = ActionPlan
        fields = ["year", "unit", "department"]
