"""Reads of the kept exchange rates."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from rates.models import ExchangeRate


def latest_per_currency() -> list[ExchangeRate]:
    """Each currency's most recent rate, by currency code (PostgreSQL's DISTINCT ON where it
    runs, one pass over the rows elsewhere)."""
    rates = ExchangeRate.objects.order_by("currency", "-date")
    if connection.features.can_distinct_on_fields:
        return list(rates.distinct("currency"))
    latest: dict[str, ExchangeRate] = {}
    for rate in rates:
        latest.setdefault(rate.currency, rate)
    return list(latest.values())


def rate_list() -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.select_related("recorded_by").order_by("-date", "currency")
