"""Filters of the project and obligation registers (pages and, later, the API alike)."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.codelists import activity_status_choices, currency_choices
from core.filters import CodesFilter, RecordFilter, RegisterFilterSet, YearFilter, YesNoWidget
from core.models import Donor, OrganisationalUnit
from projects import measures
from projects.models import Obligation, Project, ProjectParticipant


class ProjectFilter(RegisterFilterSet):
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
    # The unit and donor the dashboard counts a project's funding under (measures.lead_unit).
    lead_unit = RecordFilter(
        queryset=OrganisationalUnit.objects.all(), label=_("lead unit"), method="filter_lead"
    )
    lead_donor = RecordFilter(
        queryset=Donor.objects.all(), label=_("lead funder"), method="filter_lead"
    )
    # Year, currency and dates select the same budget lines the dashboard's funding figures add
    # up: all of them on one line.
    year = YearFilter(label=_("budget year"), method="filter_budget")
    currency = django_filters.ChoiceFilter(
        choices=currency_choices, label=_("budget currency"), method="filter_budget"
    )
    budget_from = django_filters.DateFilter(label=_("budget dated from"), method="filter_budget")
    budget_to = django_filters.DateFilter(label=_("budget dated to"), method="filter_budget")
    text = django_filters.CharFilter(method="filter_text", label=_("text"))

    BUDGET_FIELDS = ("year", "currency", "budget_from", "budget_to")

    class Meta:
        model = Project
        fields = [
            "status",
            "donor",
            "funder",
            "unit",
            "lead_unit",
            "lead_donor",
            "year",
            "currency",
            "budget_from",
            "budget_to",
            "text",
        ]

    def filter_funder(
        self, queryset: QuerySet[Project], name: str, value: Donor
    ) -> QuerySet[Project]:
        return queryset.filter(
            participants__donor=value, participants__role=ProjectParticipant.Role.FUNDING
        )

    def filter_lead(self, queryset: QuerySet[Project], name: str, value: int) -> QuerySet[Project]:
        lead = measures.lead_unit() if name == "lead_unit" else measures.lead_donor()
        return queryset.annotate(**{f"{name}_id": lead}).filter(**{f"{name}_id": value})

    def filter_budget(
        self, queryset: QuerySet[Project], name: str, value: object
    ) -> QuerySet[Project]:
        data = self.form.cleaned_data
        given = [field for field in self.BUDGET_FIELDS if data.get(field) not in (None, "")]
        if given and name != given[0]:
            return queryset  # the first budget filter given matched them all on one line
        year = data.get("year")
        return queryset.filter(
            measures.funded_in(
                year=int(year) if year is not None else None,
                currency=data.get("currency") or "",
                start=data.get("budget_from"),
                end=data.get("budget_to"),
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


class ObligationFilter(RegisterFilterSet):
    state = CodesFilter(choices=Obligation.State.choices, label=_("status"))
    kind = CodesFilter(choices=Obligation.Kind.choices, label=_("type"))
    responsible_unit = RecordFilter(
        queryset=OrganisationalUnit.objects.all(), label=_("responsible unit")
    )
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("due by")
    )
    # A period of due dates; with ``compliance``, the due dates that figure counts.
    due_from = django_filters.DateFilter(label=_("due from"), method="filter_due_period")
    due_to = django_filters.DateFilter(label=_("due to"), method="filter_due_period")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("overdue only"),
        widget=YesNoWidget(),
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
        fields = [
            "state",
            "kind",
            "responsible_unit",
            "due_before",
            "due_from",
            "due_to",
            "overdue",
            "compliance",
        ]

    def filter_overdue(
        self, queryset: QuerySet[Obligation], name: str, value: bool | None
    ) -> QuerySet[Obligation]:
        if not value:
            return queryset
        return queryset.filter(measures.compliance(measures.OVERDUE, timezone.localdate()))

    def filter_compliance(
        self, queryset: QuerySet[Obligation], name: str, value: str
    ) -> QuerySet[Obligation]:
        data = self.form.cleaned_data
        return queryset.filter(
            measures.compliance(
                value, timezone.localdate(), start=data.get("due_from"), end=data.get("due_to")
            )
        )

    def filter_due_period(
        self, queryset: QuerySet[Obligation], name: str, value: datetime.date | None
    ) -> QuerySet[Obligation]:
        if not value or self.form.cleaned_data.get("compliance"):
            return queryset  # compliance reads the period of the due dates it counts
        lookup = "gte" if name == "due_from" else "lte"
        return queryset.filter(**{f"due_date__{lookup}": value})
