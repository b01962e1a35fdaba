"""The kept exchange rates, read-only: the bank's fetch and the department's upload write
them (``rates.services``)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import viewsets

from rates.api.serializers import ExchangeRateSerializer
from rates.models import ExchangeRate


class ExchangeRateViewSet(viewsets.ReadOnlyModelViewSet[ExchangeRate]):
    """The National Bank of Georgia's official rates: ``rate`` lari for ``quantity`` units of
    ``currency`` on ``date``. Read by everyone signed in."""

    serializer_class = ExchangeRateSerializer
    filterset_fields = ["currency", "date", "source"]
    ordering_fields = ["date", "currency"]

    def get_queryset(self) -> QuerySet[ExchangeRate]:
        return ExchangeRate.objects.order_by("-date", "currency", "id")
