from rest_framework import serializers

from core.models import Donor, DonorContact, OrganisationalUnit


class OrganisationalUnitSerializer(serializers.ModelSerializer[OrganisationalUnit]):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = OrganisationalUnit
        fields = [
            "id",
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


class DonorContactSerializer(serializers.ModelSerializer[DonorContact]):
    class Meta:
        model = DonorContact
        fields = ["id", "full_name", "position", "email", "phone"]


class DonorSerializer(serializers.ModelSerializer[Donor]):
    name = serializers.CharField(read_only=True)
    contacts = DonorContactSerializer(many=True, read_only=True)

    class Meta:
        model = Donor
        fields = [
            "id",
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
