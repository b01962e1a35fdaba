from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.bounds import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, date_in_window
from core.codelists import currency_choices
from core.models import OrganisationalUnit, User
from core.roles import Role
from workflow.models import (
    AgendaItem,
    CoordinationMeeting,
    DonorCommunication,
    KeyPerformanceIndicator,
    Opportunity,
)
from workflow.services.meetings import MeetingFields


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
    confirmed_amount = forms.DecimalField(
        label=_("confirmed amount"),
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=AMOUNT_DECIMAL_PLACES,
        required=False,
    )
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


def lowercase_georgian_first_letter(form: forms.BaseForm) -> None:
    """Django capitalises labels; for Georgian that yields Mtavruli capitals, which Georgian
    prose does not use and most fonts cannot draw. Keep Latin labels capitalised."""
    for field in form.fields.values():
        label = str(field.label or "")
        if label and "\u1c90" <= label[0] <= "\u1cbf":
            field.label = label[0].lower() + label[1:]


class GeorgianLabels:
    """Forms whose labels Django built from model fields: keep Georgian ones in lower case."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        lowercase_georgian_first_letter(self)  # type: ignore[arg-type]


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

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lowercase_georgian_first_letter(self)
        if not user.has_role(Role.IRD_COORDINATOR):
            self.fields["owning_unit"].queryset = OrganisationalUnit.objects.filter(  # type: ignore[attr-defined]
                pk__in=user.unit_ids_for(Role.FOCAL_POINT)
            )

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("beneficiary_units", None)
        return data


class KpiForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = KeyPerformanceIndicator
        fields = ["name", "unit", "baseline", "target"]


# Rows a person edits on one page (KPIs, budget lines, participants...). Django builds every row
# a request's TOTAL_FORMS asks for, up to absolute_max (1,000 by default), each with its lists of
# units and donors: a forged count tied a worker up for minutes.
ROWS_MAX = 50


def rows_formset(form: type[forms.BaseForm], *, extra: int) -> type[forms.BaseFormSet]:  # type: ignore[type-arg]
    """A formset of removable rows, at most ROWS_MAX of them (more is refused, not built)."""
    return forms.formset_factory(
        form,
        extra=extra,
        can_delete=True,
        max_num=ROWS_MAX,
        validate_max=True,
        absolute_max=ROWS_MAX,
    )


KpiFormSet = rows_formset(KpiForm, extra=2)


def kpi_initial(opportunity: Opportunity) -> list[dict[str, Any]]:
    return [
        {"name": k.name, "unit": k.unit, "baseline": k.baseline, "target": k.target}
        for k in opportunity.kpis.all()
    ]


def kpi_rows(formset: Any) -> list[dict[str, Any]]:
    """Filled, not deleted rows, in the order typed."""
    return [
        {key: form.cleaned_data[key] for key in ("name", "unit", "baseline", "target")}
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class MeetingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CoordinationMeeting
        fields = ["title", "starts_at", "place", "attendee_units", "summary"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "attendee_units": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lowercase_georgian_first_letter(self)

    def service_fields(self) -> MeetingFields:
        return MeetingFields(
            title=self.cleaned_data["title"],
            starts_at=self.cleaned_data["starts_at"],
            place=self.cleaned_data["place"],
            summary=self.cleaned_data["summary"],
        )


class AgendaOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (AgendaItem.Outcome.PRESENTED, AgendaItem.Outcome.PRESENTED.label),
            (AgendaItem.Outcome.DEFERRED, AgendaItem.Outcome.DEFERRED.label),
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("what was said"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


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
        lowercase_georgian_first_letter(self)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("file"), required=False)
    description = forms.CharField(label=_("description"), required=False, max_length=300)


class ProgressReportForm(forms.Form):
    period_start = forms.DateField(
        label=_("period start"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_window],
    )
    period_end = forms.DateField(
        label=_("period end"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[date_in_window],
    )
    progress = forms.CharField(label=_("progress"), widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(
        label=_("problems"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=_("next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
