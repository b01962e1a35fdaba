"""IATI imports over HTTP: what a file's reading has come to, and its activities."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Donor, OrganisationalUnit
from iati import selectors
from iati.models import IatiActivity, IatiImport
from iati.reader import IDENTIFIER_MAX_LENGTH
from workflow.models import Opportunity

_MONEY = {"type": "object", "additionalProperties": {"type": "string"}}
_HELD_BY = {
    "type": "object",
    "nullable": True,
    "properties": {"project": {"type": "integer"}, "opportunity": {"type": "integer"}},
}


class IatiUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(label=_("IATI activities file (XML)"))


class IatiImportQueuedSerializer(serializers.ModelSerializer[IatiImport]):
    class Meta:
        model = IatiImport
        fields = ["id", "status"]


class IatiImportSerializer(serializers.ModelSerializer[IatiImport]):
    activities = serializers.IntegerField(source="activities_read", read_only=True)
    new = serializers.SerializerMethodField()
    held = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()
    refusal = serializers.SerializerMethodField()
    percent_read = serializers.IntegerField(read_only=True)

    class Meta:
        model = IatiImport
        fields = [
            "id",
            "file_name",
            "created_at",
            "status",
            "percent_read",
            "activities",
            "new",
            "held",
            "problems",
            "refusal",
        ]

    def to_representation(self, instance: IatiImport) -> dict[str, Any]:
        self._counts = selectors.import_counts(instance)  # one count for "new" and "held"
        return dict(super().to_representation(instance))

    def get_new(self, batch: IatiImport) -> int:
        return self._counts.new

    def get_held(self, batch: IatiImport) -> int:
        return self._counts.held

    def get_problems(self, batch: IatiImport) -> list[str]:
        return [*batch.problems, *batch.schema_problems]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_refusal(self, batch: IatiImport) -> str | None:
        return batch.refusal or None


class IatiActivitySerializer(serializers.ModelSerializer[IatiActivity]):
    budget = serializers.SerializerMethodField()
    committed = serializers.SerializerMethodField()
    disbursed = serializers.SerializerMethodField()
    held_by = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()

    class Meta:
        model = IatiActivity
        fields = [
            "identifier",
            "title",
            "title_en",
            "status",
            "countries",
            "budget",
            "committed",
            "disbursed",
            "held_by",
        ]

    @extend_schema_field(_MONEY)
    def get_budget(self, row: IatiActivity) -> dict[str, str]:
        return dict(row.data.get("budget", {}))

    @extend_schema_field(_MONEY)
    def get_committed(self, row: IatiActivity) -> dict[str, str]:
        return dict(row.data.get("committed", {}))

    @extend_schema_field(_MONEY)
    def get_disbursed(self, row: IatiActivity) -> dict[str, str]:
        return dict(row.data.get("disbursed", {}))

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_countries(self, row: IatiActivity) -> list[str]:
        return list(row.data.get("countries", []))

    @extend_schema_field(_HELD_BY)
    def get_held_by(self, row: IatiActivity) -> dict[str, int] | None:
        project = getattr(row, "held_project", None)
        opportunity = getattr(row, "held_opportunity", None)
        if project is not None:
            return {"project": project}
        if opportunity is not None:
            return {"opportunity": opportunity}
        return None


class IatiAdoptSerializer(serializers.Serializer[Any]):
    identifiers = serializers.ListField(
        child=serializers.CharField(max_length=IDENTIFIER_MAX_LENGTH),
        allow_empty=False,
        max_length=settings.DONORFLOW_IATI_ADOPT_MAX,
    )
    owning_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrganisationalUnit.objects.filter(is_active=True)
    )
    kind = serializers.ChoiceField(choices=Opportunity.Kind.choices)
    # Without one, the directory's donor the file names (by reference, else by name).
    donor = serializers.PrimaryKeyRelatedField(
        queryset=Donor.objects.filter(is_active=True), required=False, allow_null=True
    )


class ActivityFilterSerializer(serializers.Serializer[Any]):
    held = serializers.BooleanField(required=False, allow_null=True, default=None)
    status = serializers.CharField(required=False, max_length=2, default="")
    country = serializers.CharField(required=False, max_length=3, default="")
    q = serializers.CharField(required=False, max_length=200, default="")

    def to_filter(self) -> selectors.ActivityFilter:
        data = self.validated_data
        return selectors.ActivityFilter(
            held=data["held"], status=data["status"], country=data["country"], text=data["q"]
        )
