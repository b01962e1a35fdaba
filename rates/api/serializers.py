from __future__ import annotations

from rest_framework import serializers

from rates.models import ExchangeRate


class ExchangeRateSerializer(serializers.ModelSerializer[ExchangeRate]):
    class Meta:
        model = ExchangeRate
        fields = ["id", "date", "currency", "quantity", "rate", "source", "recorded_at"]
        read_only_fields = fields
