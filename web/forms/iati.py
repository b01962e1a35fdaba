"""The forms of the IATI pages: a donor's file to read, the filters on its activities, and
what the chosen activities are registered with."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from core.codelists import activity_status_choices
from core.models import Donor, OrganisationalUnit
from iati import selectors
from web.forms.common import FilterLabels, entry_labels
from workflow.models import Opportunity


class IatiFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("IATI activities file (XML)"))


class ActivityFilterForm(FilterLabels, forms.Form):
    held = forms.ChoiceField(
        label=gettext_lazy("in the register"),
        required=False,
        choices=[
            ("", gettext_lazy("all")),
            ("false", gettext_lazy("new")),
            ("true", gettext_lazy("already held")),
        ],
    )
    status = forms.ChoiceField(label=gettext_lazy("status"), required=False)
    country = forms.CharField(
        label=gettext_lazy("recipient country (code)"), required=False, max_length=3
    )
    q = forms.CharField(label=gettext_lazy("text"), required=False, max_length=200)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["status"].choices = [("", gettext_lazy("all")), *activity_status_choices()]  # type: ignore[attr-defined]

    def chosen(self) -> selectors.ActivityFilter:
        if not self.is_valid():
            return selectors.ActivityFilter(invalid=True)
        held = self.cleaned_data["held"]
        return selectors.ActivityFilter(
            held=None if held == "" else held == "true",
            status=self.cleaned_data["status"],
            country=self.cleaned_data["country"],
            text=self.cleaned_data["q"],
        )


class AdoptForm(forms.Form):
    """What the chosen activities are registered with; the activities are the ticked rows
    (``identifiers``), any number of them on the page."""

    owning_unit = forms.ModelChoiceField(
        queryset=OrganisationalUnit.objects.filter(is_active=True),
        label=gettext_lazy("owning unit"),
    )
    donor = forms.ModelChoiceField(
        queryset=Donor.objects.filter(is_active=True),
        label=gettext_lazy("donor"),
        required=False,
        empty_label=gettext_lazy("the donor the file names"),
    )
    kind = forms.ChoiceField(choices=Opportunity.Kind.choices, label=gettext_lazy("kind"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        entry_labels(self)
