from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.codelists import currency_choices
from workflow.models import CoordinationMeeting


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
        label=_("confirmed amount"), max_digits=16, decimal_places=2, required=False
    )
    confirmed_currency = forms.ChoiceField(
        label=_("confirmed currency"),
        choices=[("", "—"), *currency_choices()],
        required=False,
    )
    funding_start_date = forms.DateField(
        label=_("start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
