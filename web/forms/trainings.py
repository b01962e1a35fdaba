"""The form of the training pages."""

from __future__ import annotations

from typing import Any

from django import forms

from core.models import User
from trainings.models import Training
from web.forms.common import DATE, UnitRecordForm


class TrainingForm(UnitRecordForm):
    unit_field = "unit"
    links = ("staff",)

    class Meta:
        model = Training
        fields = [*Training.EDITABLE_FIELDS, "staff"]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "staff": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["staff"].queryset = User.objects.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "last_name", "first_name", "username"
        )
        self.fields["staff"].label_from_instance = lambda person: person.display_name  # type: ignore[attr-defined]
