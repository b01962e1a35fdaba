from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.strict import (
    StrictCharField,
    StrictDecimalField,
    StrictIntegerField,
    StrictModelSerializer,
)
from trainings.models import Training


class TrainingSerializer(StrictModelSerializer[Training]):
    participants = StrictIntegerField(read_only=True)

    class Meta:
        model = Training
        fields = ["id", "version", *Training.EDITABLE_FIELDS, "participants", "staff"]
        # Uniqueness and date order are the service's (model) checks, reported like any refusal.
        validators: list[Any] = []

    def service_arguments(self) -> dict[str, Any]:
        fields = dict(self.validated_data)
        staff = fields.pop("staff", None)
        return {"fields": fields, "staff": staff}


class TrainingTotalsSerializer(serializers.Serializer[Any]):
    year = StrictIntegerField()
    unit_id = StrictIntegerField()
    unit_name = StrictCharField()
    trainings = StrictIntegerField()
    women = StrictIntegerField()
    men = StrictIntegerField()
    people = StrictIntegerField(help_text="women + men")
    days = StrictDecimalField(max_digits=9, decimal_places=1)
