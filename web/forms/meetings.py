"""The forms of the meeting pages: scheduling a meeting, and what an agenda item came to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.forms.common import entry_labels
from workflow.models import AgendaItem, CoordinationMeeting
from workflow.services.meetings import MeetingFields


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
        entry_labels(self)

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
    # Carried to top management with a presented item (a deferred one keeps it unsaid).
    ird_recommendation = forms.CharField(
        label=_("the department's recommendation"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
