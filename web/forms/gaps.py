"""The gap analysis's filters: a framework, a unit, and only what nothing answers yet."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, Framework
from core.models import OrganisationalUnit
from web.forms.common import FilterLabels


class GapFilterForm(FilterLabels, forms.Form):
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.all(), required=False, label=_("framework")
    )
    unit = forms.ModelChoiceField(
        queryset=OrganisationalUnit.objects.all(),
        required=False,
        label=_("unit"),
        help_text=_("Responsible for the commitment, or one of the others responsible."),
    )
    unanswered = forms.BooleanField(required=False, label=_("No answer yet only"))

    def commitments(self) -> QuerySet[Commitment]:
        """The commitments the filters select; none while a filter value is wrong."""
        rows = Commitment.objects.all()
        if not self.is_valid():
            return rows.none()
        if framework := self.cleaned_data["framework"]:
            rows = rows.filter(framework=framework)
        if unit := self.cleaned_data["unit"]:
            rows = rows.filter(Q(responsible_unit=unit) | Q(supporting_units=unit)).distinct()
        return rows

    @property
    def unanswered_only(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["unanswered"])
