from __future__ import annotations

from typing import Any

from rest_framework import serializers

from imports.models import ImportBatch
from imports.registers import register_choices


class ImportUploadSerializer(serializers.Serializer[Any]):
    register = serializers.ChoiceField(choices=register_choices())
    file = serializers.FileField()


class ImportRunSerializer(serializers.Serializer[Any]):
    valid_rows_only = serializers.BooleanField(default=False)


class ImportRowSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged", "error"])
    messages = serializers.ListField(child=serializers.CharField())


class ImportReportSerializer(serializers.Serializer[Any]):
    rows = ImportRowSerializer(many=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    ignored_columns = serializers.ListField(child=serializers.CharField())
    written = serializers.BooleanField()


class ImportBatchSerializer(serializers.ModelSerializer[ImportBatch]):
    report = ImportReportSerializer(read_only=True)

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "register",
            "file_name",
            "state",
            "valid_rows_only",
            "uploaded_at",
            "imported_at",
            "report",
        ]
