"""The forms of the opportunity pages: registering and editing an item with its KPIs, the
moves on it, and its donor communication log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Indicator
from core.bounds import date_in_window
from core.codelists import currency_choices
from core.models import User
from web.forms.common import (
    GeorgianLabels,
    entry_labels,
    limit_units_to_own,
    optional_amount,
    rows_formset,
)
from workflow.models import (
    CoordinationMeeting,
    DonorCommunication,
    KeyPerformanceIndicator,
    Opportunity,
)


class TransitionForm(forms.Form):
    """What a person may add to a move; the service decides what each move requires."""

    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    meeting = forms.ModelChoiceField(
        label=_("coordination meeting"), queryset=CoordinationMeeting.objects.all(), required=False
    )
    confirmed_amount = optional_amount(_("confirmed amount"))
    confirmed_currency = forms.ChoiceField(
        label=_("confirmed currency"),
        choices=[("", "—"), *currency_choices()],
        required=False,
    )
    funding_start_date = forms.DateField(
        label=_("start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_window],
    )
    ird_recommendation = forms.CharField(
        label=_("the department's recommendation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class RecommendationForm(forms.Form):
    """The department's recommendation, corrected while the item waits for a decision."""

    ird_recommendation = forms.CharField(
        label=_("the department's recommendation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )


class OpportunityForm(forms.ModelForm):  # type: ignore[type-arg]
    """The editable fields; the owning unit is limited to the units the user may register for."""

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "kind",
            "donor",
            "owning_unit",
            "beneficiary_units",
            "estimated_value",
            "currency",
            "application_deadline",
            "need",
            "description",
            "expected_results",
            "monitoring_periodicity",
        ]
        widgets = {
            "application_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "need": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "expected_results": forms.Textarea(attrs={"rows": 3}),
        }

    # Shown only once a past deadline was typed: saving it takes this box ticked.
    deadline_passed = forms.BooleanField(
        label=_("Yes, the deadline has passed: save it as it is"), required=False
    )
    field_order = [*Meta.fields[: Meta.fields.index("application_deadline") + 1], "deadline_passed"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entry_labels(self)
        limit_units_to_own(self.fields["owning_unit"], user)
        # The years a date may take are checked with the field, before clean() asks to confirm
        # a past deadline: a year 1900 is refused outright, not first asked about.
        self.fields["application_deadline"].validators.append(date_in_window)
        self.deadline_in_past = False

    def clean(self) -> dict[str, Any]:
        """A donor deadline typed in the past is most often a slip of the year: it is saved only
        once the person has ticked that it has passed. A past deadline the item already had is
        not asked about again. (The API takes a past deadline as it is; see the README.)"""
        cleaned = super().clean() or {}
        deadline = cleaned.get("application_deadline")
        self.deadline_in_past = bool(
            deadline is not None
            and deadline < timezone.localdate()
            and "application_deadline" in self.changed_data
        )
        if self.deadline_in_past and not cleaned.get("deadline_passed"):
            self.add_error(
                "application_deadline",
                _(
                    "This deadline has already passed. Check the date; if it is right, tick "
                    "“Yes, the deadline has passed” below and save again."
                ),
            )
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("beneficiary_units", None)
        data.pop("deadline_passed", None)
        return data


class ServedIndicatorField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A commitment indicator, named with the framework and reference of its commitment."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.commitment} — {obj.name}"


def served_indicators() -> Any:
    return Indicator.objects.select_related("commitment__framework").order_by(
        "commitment__framework__position",
        "commitment__framework__code",
        "commitment__reference",
        "position",
        "id",
    )


class KpiForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = KeyPerformanceIndicator
        fields = ["name", "unit", "baseline", "target", "serves"]
        field_classes = {"serves": ServedIndicatorField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The KPI's target is the contribution it expects to the indicator it serves.
        self.fields["serves"].queryset = served_indicators()  # type: ignore[attr-defined]


KpiFormSet = rows_formset(KpiForm, extra=2)
KPI_FIELDS = ("name", "unit", "baseline", "target", "serves")


def kpi_initial(opportunity: Opportunity) -> list[dict[str, Any]]:
    return [
        {
            "name": k.name,
            "unit": k.unit,
            "baseline": k.baseline,
            "target": k.target,
            "serves": k.serves_id,
        }
        for k in opportunity.kpis.all()
    ]


def kpi_rows(formset: Any) -> list[dict[str, Any]]:
    """Filled, not deleted rows, in the order typed: a row left as the page opened it counts too;
    an untouched blank row does not (it is never cleaned)."""
    return [
        {key: form.cleaned_data[key] for key in KPI_FIELDS}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class CommunicationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DonorCommunication
        fields = ["occurred_on", "channel", "summary", "next_step", "next_step_due"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_step_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entry_labels(self)
