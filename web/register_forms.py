"""Forms of the registers kept beside the opportunities: needs, trainings, projects and
obligations. They parse what was typed; the registers' services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from core.models import OrganisationalUnit, User
from core.roles import Role
from needs.models import Need
from trainings.models import Training
from web.forms import lowercase_georgian_first_letter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def limit_units_to_own(field: forms.Field, user: User) -> None:
    """A focal point records for their own units; the department for any unit."""
    if not user.has_role(Role.IRD_COORDINATOR):
        field.queryset = OrganisationalUnit.objects.filter(  # type: ignore[attr-defined]
            pk__in=user.unit_ids_for(Role.FOCAL_POINT)
        )


class NeedForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "source",
            "source_reference",
            "priority",
            "responsible_unit",
            "status",
            "opportunities",
            "projects",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "opportunities": forms.SelectMultiple(attrs={"size": 8}),
            "projects": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lowercase_georgian_first_letter(self)
        limit_units_to_own(self.fields["responsible_unit"], user)

    def service_fields(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("opportunities", "projects")
        }


class TrainingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Training
        fields = [
            "name",
            "organiser",
            "unit",
            "start_date",
            "end_date",
            "duration_days",
            "place",
            "country",
            "women",
            "men",
            "staff",
            "opportunity",
            "project",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "staff": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lowercase_georgian_first_letter(self)
        limit_units_to_own(self.fields["unit"], user)
        self.fields["staff"].queryset = User.objects.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "last_name", "first_name", "username"
        )
        self.fields["staff"].label_from_instance = lambda person: person.display_name  # type: ignore[attr-defined]

    def service_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "staff"}
