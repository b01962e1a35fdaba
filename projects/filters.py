"""Filters of the project and obligation registers (pages and, later, the API alike)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.codelists import activity_status_choices
from core.models import Donor, OrganisationalUnit
from projects.models import Obligation, Project


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=activity_status_choices, label=_("status"))
    donor = django_filters.ModelChoiceFilter(
        queryset=Donor.objects.all(), label=_("donor"), field_name="participants__donor"
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationalUnit.objects.all(), label=_("unit"), field_name="participants__unit"
    )
    text = django_filters.CharFilter(method="filter_text", label=_("text"))

    class Meta:
        model = Project
        fields = ["status", "donor", "unit", "text"]

    def filter_text(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return queryset.filter(
            Q(title_ka__icontains=value) | Q(title_en__icontains=value) | Q(goal__icontains=value)
        )

    @property
    def qs(self) -> QuerySet[Project]:
        # Filtering through participants may repeat a project.
        return super().qs.distinct()


class ObligationFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=Obligation.State.choices, label=_("status"))
    kind = django_filters.MultipleChoiceFilter(choices=Obligation.Kind.choices, label=_("type"))
    responsible_unit = django_filters.ModelChoiceFilter(
        queryset=OrganisationalUnit.objects.all(), label=_("responsible unit")
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("due by")
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("overdue only"),
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Obligation
        fields = ["state", "kind", "responsible_unit", "due_before", "overdue"]

    def filter_overdue(
        self, queryset: QuerySet[Obligation], name: str, value: bool | None
    ) -> QuerySet[Obligation]:
        if not value:
            return queryset
        return queryset.filter(
            state__in=Obligation.WAITING_ON_UNIT, due_date__lt=timezone.localdate()
        )
