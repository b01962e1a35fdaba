"""The forms of the action-plan pages: a plan, a section, an activity, a quarter's status, and
a workbook to import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlan, Activity, ActivityReport
from actionplans.permissions import plan_unit_ids
from actionplans.quarters import QUARTERS, ROMAN
from actionplans.services import ActivityFields, PlanFields
from commitments.models import Commitment
from core.bounds import FIRST_YEAR, LAST_YEAR
from core.models import OrganisationalUnit, User
from web.forms.common import DATE, entry_labels, optional_amount


def _units_kept_by(field: forms.Field, user: User) -> None:
    """A unit's focal point or head makes plans for their own units only; the department for
    any unit and for itself (the field left empty)."""
    kept = plan_unit_ids(user)
    if kept is not None:
        field.queryset = OrganisationalUnit.objects.filter(pk__in=kept)  # type: ignore[attr-defined]
        field.required = True
    field.empty_label = _("— the department's own plan —")  # type: ignore[attr-defined]


class PlanForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ActionPlan
        fields = ["year", "unit", "title"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entry_labels(self)
        _units_kept_by(self.fields["unit"], user)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty: “Action plan <year>”.")

    def service_fields(self) -> PlanFields:
        return PlanFields(
            year=self.cleaned_data["year"],
            unit=self.cleaned_data["unit"],
            title=self.cleaned_data["title"],
        )


class SectionForm(forms.Form):
    number = forms.CharField(
        label=_("number"), max_length=20, help_text=_("As the plan prints it: 1. or 1.1.")
    )
    title = forms.CharField(label=_("title"), max_length=400)


class ActivityForm(forms.ModelForm):  # type: ignore[type-arg]
    links = ("commitments", "needs", "projects")

    class Meta:
        model = Activity
        fields = list(Activity.EDITABLE_FIELDS)
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "indicator": forms.Textarea(attrs={"rows": 3}),
            "others_involved": forms.Textarea(attrs={"rows": 2}),
            "comments": forms.Textarea(attrs={"rows": 2}),
            "deadline": DATE,
            "commitments": forms.SelectMultiple(attrs={"size": 6}),
            "needs": forms.SelectMultiple(attrs={"size": 6}),
            "projects": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entry_labels(self)
        self.instance.plan = plan
        self.fields["section"].queryset = plan.sections.order_by("position")  # type: ignore[attr-defined]
        self.fields["number"].help_text = _("One level under its section: 1.1.1 under 1.1.")
        self.fields["commitments"].queryset = Commitment.objects.select_related(  # type: ignore[attr-defined]
            "framework"
        )

    def service_fields(self) -> ActivityFields:
        return ActivityFields(
            **{  # type: ignore[typeddict-item]
                name: value for name, value in self.cleaned_data.items() if name not in self.links
            }
        )

    def linked(self) -> dict[str, list[Any]]:
        return {name: list(self.cleaned_data[name]) for name in self.links}


class ActivityReportForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label=_("quarter"),
        coerce=int,
        choices=[(quarter, ROMAN[quarter]) for quarter in QUARTERS],
    )
    status = forms.ChoiceField(label=_("status"), choices=ActivityReport.Status.choices)
    progress = forms.CharField(
        label=_("what was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    actual = optional_amount(_("reached so far"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actual"].help_text = _("Against the activity's numeric target, if it has one.")


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("workbook (XLSX)"),
        help_text=_("Headings 1. and 1.1. become sections, rows 1.1.1. their activities."),
    )
    year = forms.IntegerField(label=_("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    unit = forms.ModelChoiceField(
        label=_("unit"), queryset=OrganisationalUnit.objects.all(), required=False
    )
    title = forms.CharField(
        label=_("title"),
        max_length=300,
        required=False,
        help_text=_("Left empty, the workbook's title is taken, with the plan's year."),
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("responsible unit"),
        queryset=OrganisationalUnit.objects.filter(is_active=True),
        required=False,
        help_text=_("For the activities whose row names no responsible unit."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entry_labels(self)
        _units_kept_by(self.fields["unit"], user)

    def plan_fields(self) -> PlanFields:
        return PlanFields(
            year=self.cleaned_data["year"],
            unit=self.cleaned_data["unit"],
            title=self.cleaned_data["title"],
        )
