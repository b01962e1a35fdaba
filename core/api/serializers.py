from typing import Any

from rest_framework import serializers

from core.api.strict import StrictBooleanField, StrictCharField, StrictModelSerializer
from core.lifecycle import available_transitions
from core.models import Donor, DonorContact, OrganisationalUnit


class OrganisationalUnitSerializer(StrictModelSerializer[OrganisationalUnit]):
    name = StrictCharField(read_only=True)

    class Meta:
        model = OrganisationalUnit
        fields = [
            "id",
            "version",
            "code",
            "kind",
            "name",
            "name_ka",
            "name_en",
            "parent",
            "notification_email",
            "head",
            "is_active",
        ]


class DonorContactSerializer(StrictModelSerializer[DonorContact]):
    class Meta:
        model = DonorContact
        fields = ["id", "full_name", "position", "email", "phone"]


class DonorSerializer(StrictModelSerializer[Donor]):
    name = StrictCharField(read_only=True)
    contacts = DonorContactSerializer(many=True, read_only=True)

    class Meta:
        model = Donor
        fields = [
            "id",
            "version",
            "code",
            "acronym",
            "name",
            "name_ka",
            "name_en",
            "organisation_type",
            "iati_identifier",
            "country",
            "website",
            "is_active",
            "contacts",
        ]


class AvailableTransitionSerializer(serializers.Serializer[Any]):
    name = StrictCharField()
    # A field called "label" shadows Field.label only in the type stubs; DRF reads it as a field.
    label = StrictCharField()  # type: ignore[assignment]
    comment_required = StrictBooleanField()
    blocked = StrictBooleanField()
    missing = serializers.ListField(child=StrictCharField())


def available_transitions_data(instance: Any, user: Any) -> Any:
    """The moves ``user`` may make on ``instance`` now, as the API returns them."""
    found = available_transitions(instance, user)
    data = [
        {
            "name": t.name,
            "label": t.label,
            "comment_required": t.comment_required,
            "blocked": t.blocked,
            "missing": t.missing,
        }
        for t in found
    ]
    return AvailableTransitionSerializer(data, many=True).data
