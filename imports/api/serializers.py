from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.strict import (
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    StrictModelSerializer,
)
from imports.models import ImportBatch
from imports.registers import register_choices


class ImportUploadSerializer(serializers.Serializer[Any]):
    register = serializers.ChoiceField(choices=register_choices())
    file = serializers.FileField()


class ImportRunSerializer(serializers.Serializer[Any]):
    valid_rows_only = StrictBooleanField(default=False)


class ImportRowSerializer(serializers.Serializer[Any]):
    line = StrictIntegerField()
    label = StrictCharField()  # type: ignore[assignment]
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged", "error"])
    messages = serializers.ListField(child=StrictCharField())


class UnknownColumnSerializer(serializers.Serializer[Any]):
    header = StrictCharField()
    nearest = StrictCharField(allow_blank=True, help_text="the known header most like it")


class ImportReportSerializer(serializers.Serializer[Any]):
    rows = ImportRowSerializer(many=True)
    counts = serializers.DictField(child=StrictIntegerField())
    ignored_columns = serializers.ListField(child=StrictCharField())
    # Reports kept before these were added lack them.
    unknown_columns = UnknownColumnSerializer(many=True, required=False)
    header_line = StrictIntegerField(
        required=False, help_text="the row of the file that holds the column headers"
    )
    written = StrictBooleanField()


class ImportBatchSerializer(StrictModelSerializer[ImportBatch]):
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
