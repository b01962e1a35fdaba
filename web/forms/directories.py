"""The forms of the directories the department keeps: an organisational unit and a donor or
partner, each with the fields the admin edits (a donor's contacts stay in the admin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from core.models import Donor, OrganisationalUnit, User
from web.forms.common import GeorgianLabels


class PersonField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A person, named as the directories name them (full name, else the username)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class UnitForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = OrganisationalUnit
        fields = [
            "code",
            "name_ka",
            "name_en",
            "kind",
            "parent",
            "head",
            "notification_email",
            "is_active",
        ]
        field_classes = {"head": PersonField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Active people, and the present head even if their account was closed since.
        people = User.objects.filter(Q(is_active=True) | Q(pk=self.instance.head_id))
        self.fields["head"].queryset = people.order_by(  # type: ignore[attr-defined]
            "last_name", "first_name", "username"
        )
        if self.instance.pk is not None:  # a unit is never placed under itself
            parents = self.fields["parent"].queryset  # type: ignore[attr-defined]
            self.fields["parent"].queryset = parents.exclude(  # type: ignore[attr-defined]
                pk=self.instance.pk
            )


class DonorForm(GeorgianLabels, forms.ModelForm):  # type: ignore[type-arg]
    website = forms.URLField(
        label=Donor._meta.get_field("website").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",  # an address typed without a scheme is a secure one
    )

    class Meta:
        model = Donor
        fields = [
            "code",
            "acronym",
            "name_ka",
            "name_en",
            "organisation_type",
            "iati_identifier",
            "country",
            "website",
            "is_active",
        ]
