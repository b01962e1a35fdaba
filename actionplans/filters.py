from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlan
from core.filters import RecordFilter, RegisterFilterSet, StrictBooleanFilter, YearFilter
from core.models import OrganisationalUnit


class ActionPlanFilter(RegisterFilterSet):
    year = YearFilter(label=_("year"))
    unit = RecordFilter(queryset=OrganisationalUnit.objects.all(), label=_("unit"))
    # A value that is not yes or no is refused, not read as "no filter".
    department = StrictBooleanFilter(
        field_name="unit", lookup_expr="isnull", label=_("the department's own plan")
    )

    class Meta:
        model = ActionPlan
        fields = ["year", "unit", "department"]
