from __future__ import annotations

from typing import Any

from rest_framework import serializers

from trainings.models import Training


class TrainingSerializer(serializers.ModelSerializer[Training]):
    participants = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = ["id", *Training.EDITABLE_FIELDS, "participants", "staff"]
        # Uniqueness and date order are the service's (model) checks, reported like any refusal.
        validators: list[Any] = []

    def service_arguments(self) -> dict[str, Any]:
        fields = dict(self.validated_data)
        staff = fields.pop("staff", None)
        return {"fields": fields, "staff": staff}


class TrainingTotalsSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    unit_id = serializers.IntegerField()
    unit_name = serializers.CharField()
    trainings = serializers.IntegerField()
    women = serializers.IntegerField()
    men = serializers.IntegerField()
    people = serializers.IntegerField(help_text="women + men")
    days = serializers.DecimalField(max_digits=9, decimal_places=1)
