"""The form of the need pages (the shopping list)."""

from __future__ import annotations

from typing import Any

from django import forms

from commitments.models import Commitment
from needs.models import Need
from web.forms.common import UnitRecordForm


class NeedForm(UnitRecordForm):
    """A need, the commitments it serves and its DAC sector, and what answers it already."""

    unit_field = "responsible_unit"
    links = ("commitments", "opportunities", "projects")
    # What the need serves comes right after the words it was first written down with.
    field_order = ["title", "description", "source", "source_reference", "commitments", "sector"]

    class Meta:
        model = Need
        fields = [*Need.EDITABLE_FIELDS, "commitments", "opportunities", "projects"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "commitments": forms.SelectMultiple(attrs={"size": 8}),
            "opportunities": forms.SelectMultiple(attrs={"size": 8}),
            "projects": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A commitment is named by its framework's code: read them with the list, not per row.
        field = self.fields["commitments"]
        field.queryset = Commitment.objects.select_related("framework")  # type: ignore[attr-defined]
