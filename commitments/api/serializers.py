"""Commitments over HTTP: the commitment with its indicators, each with its latest actual."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commitments.models import Commitment, DonorPriority, Framework, Indicator
from commitments.selectors import latest_actual
from core.api.strict import StrictIntegerField, StrictModelSerializer


class LatestActualSerializer(serializers.Serializer[Any]):
    period_end = serializers.DateField()
    value = serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True)
    text = serializers.CharField()
    reported_by = serializers.CharField(source="reported_by.display_name")


class CommitmentIndicatorSerializer(StrictModelSerializer[Indicator]):
    """An indicator; on a write, ``id`` names a stored one to edit (without it: a new one)."""

    id = StrictIntegerField(required=False)
    latest_actual = serializers.SerializerMethodField()
    expected_today = serializers.SerializerMethodField()
    lags = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "name",
            "measure",
            "baseline",
            "baseline_text",
            "baseline_date",
            "target",
            "target_text",
            "target_date",
            "latest_actual",
            "expected_today",
            "lags",
        ]

    @extend_schema_field(LatestActualSerializer(allow_null=True))
    def get_latest_actual(self, indicator: Indicator) -> dict[str, Any] | None:
        actual = latest_actual(indicator)
        return None if actual is None else dict(LatestActualSerializer(actual).data)

    @extend_schema_field(serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True))
    def get_expected_today(self, indicator: Indicator) -> str | None:
        """Where the target path stands today (none without a full path)."""
        expected = indicator.expected_on(timezone.localdate())
        return None if expected is None else f"{expected:.2f}"

    def get_lags(self, indicator: Indicator) -> bool:
        """The latest actual is behind the target path today."""
        return indicator.lags(latest_actual(indicator), timezone.localdate())


class CommitmentSerializer(StrictModelSerializer[Commitment]):
    """A commitment with its indicators. On a write, ``indicators`` given replace the stored
    ones (name a stored one by ``id`` to keep its actuals); left out, they are kept."""

    indicators = CommitmentIndicatorSerializer(many=True, required=False)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "version",
            *Commitment.EDITABLE_FIELDS,
            "supporting_units",
            "indicators",
        ]

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)
        if self.partial and isinstance(data, dict) and "indicators" in data:
            # Indicators given replace the stored ones, so they must be whole even in a PATCH.
            whole = CommitmentIndicatorSerializer(
                data=data["indicators"], many=True, context=self.context
            )
            if not whole.is_valid():
                raise serializers.ValidationError({"indicators": whole.errors})
        return values

    def service_arguments(self) -> dict[str, Any]:
        fields = dict(self.validated_data)
        arguments: dict[str, Any] = {}
        if "indicators" in fields:
            arguments["indicators"] = [dict(row) for row in fields.pop("indicators")]
        return {"fields": fields, **arguments}


class FrameworkSerializer(StrictModelSerializer[Framework]):
    """A framework commitments come from. Its ``code`` is given once, when it is created; the
    service refuses another on an edit."""

    commitment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Framework
        fields = [
            "id",
            "version",
            "code",
            "family",
            "name_ka",
            "name_en",
            "is_active",
            "position",
            "commitment_count",
        ]

    def service_arguments(self) -> dict[str, Any]:
        return {"fields": dict(self.validated_data)}


class DonorPrioritySerializer(StrictModelSerializer[DonorPriority]):
    """One area the donor gives to: a framework, a DAC sector or a theme in words."""

    class Meta:
        model = DonorPriority
        fields = ["framework", "sector", "theme"]
        # The service judges a row that names nothing, with the model's own message.
        validators: list[Any] = []


class DonorPrioritiesSerializer(serializers.Serializer[Any]):
    """What a donor gives to: every area, one a row. A PUT replaces them all; an area named
    twice is kept once."""

    donor = serializers.IntegerField(read_only=True)
    priorities = DonorPrioritySerializer(many=True)

    def service_arguments(self) -> dict[str, Any]:
        return {"priorities": [dict(row) for row in self.validated_data["priorities"]]}
