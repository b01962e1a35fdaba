"""Filters of the project and obligation registers (pages and, later, the API alike)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.codelists import activity_status_choices, currency_choices
from core.filters import CodesFilter, RecordFilter, YearFilter
from core.models import Donor, OrganisationalUnit
from projects import measures
from projects.models import Obligation, Project, ProjectParticipant


class ProjectFilter(django_filters.FilterSet):
    status = CodesFilter(choices=activity_status_choices, label=_("status"))
    donor = RecordFilter(
        queryset=Donor.objects.all(), label=_("donor"), field_name="participants__donor"
    )
    unit = RecordFilter(
        queryset=OrganisationalUnit.objects.all(), label=_("unit"), field_name="participants__unit"
    )
    funder = RecordFilter(
        queryset=Donor.objects.all(), label=_("funded by"), method="filter_funder"
    )
    # Year and currency select the same budget lines the dashboard's funding figures add up.
    year = YearFilter(label=_("budget year"), method="filter_budget")
    currency = django_filters.ChoiceFilter(
        choices=currency_choices, label=_("budget currency"), method="filter_budget"
    )
    text = django_filters.CharFilter(method="filter_text", label=_("text"))

    class Meta:
        model = Project
        fields = ["status", "donor", "funder", "unit", "year", "currency", "text"]

    def filter_funder(
        self, queryset: QuerySet[Project], name: str, value: Donor
    ) -> QuerySet[Project]:
        return queryset.filter(
            participants__donor=value, participants__role=ProjectParticipant.Role.FUNDING
        )

    def filter_budget(
        self, queryset: QuerySet[Project], name: str, value: object
    ) -> QuerySet[Project]:
        if name == "currency" and self.form.cleaned_data.get("year") is not None:
            return queryset  # the year filter already matched year and currency together
        year = self.form.cleaned_data.get("year")
        return queryset.filter(
            measures.funded_in(
                year=int(year) if year is not None else None,
                currency=self.form.cleaned_data.get("currency") or "",
            )
        )

    def filter_text(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return queryset.filter(
            Q(title_ka__icontains=value) | Q(title_en__icontains=value) | Q(goal__icontains=value)
        )

    @property
    def qs(self) -> QuerySet[Project]:
        # Filtering through participants may repeat a project.
        return super().qs.distinct()


class ObligationFilter(django_filters.FilterSet):
    state = CodesFilter(choices=Obligation.State.choices, label=_("status"))
    kind = CodesFilter(choices=Obligation.Kind.choices, label=_("type"))
    responsible_unit = RecordFilter(
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
    compliance = django_filters.ChoiceFilter(
        choices=[
            (measures.ON_TIME, _("reported on time")),
            (measures.LATE, _("reported late")),
            (measures.OVERDUE, _("overdue")),
        ],
        method="filter_compliance",
        label=_("compliance"),
    )

    class Meta:
        model = Obligation
        fields = ["state", "kind", "responsible_unit", "due_before", "overdue", "compliance"]

    def filter_overdue(
        self, queryset: QuerySet[Obligation], name: str, value: bool | None
    ) -> QuerySet[Obligation]:
        if not value:
            return queryset
        return queryset.filter(measures.compliance(measures.OVERDUE, timezone.localdate()))

    def filter_compliance(
        self, queryset: QuerySet[Obligation], name: str, value: str
    ) -> QuerySet[Obligation]:
        return queryset.filter(measures.compliance(value, timezone.localdate()))
