"""The form of the need pages (the shopping list)."""

from __future__ import annotations

from django import forms

from needs.models import Need
from web.forms.common import UnitRecordForm


class NeedForm(UnitRecordForm):
    unit_field = "responsible_unit"
    links = ("opportunities", "projects")

    class Meta:
        model = Need
        fields = [*Need.EDITABLE_FIELDS, "opportunities", "projects"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "opportunities": forms.SelectMultiple(attrs={"size": 8}),
            "projects": forms.SelectMultiple(attrs={"size": 8}),
        }
