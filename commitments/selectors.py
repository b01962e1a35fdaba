"""Reads of the commitment register, with their joins done up front."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from commitments.models import Commitment, Indicator, IndicatorValue


def commitment_register() -> QuerySet[Commitment]:
    """Commitments with their framework, units and indicators, each indicator with its actuals
    in period order (the latest is the last)."""
    actuals = IndicatorValue.objects.select_related("reported_by").order_by("period_end", "id")
    indicators = Indicator.objects.prefetch_related(Prefetch("actuals", queryset=actuals))
    return Commitment.objects.select_related("framework", "responsible_unit").prefetch_related(
        "supporting_units", Prefetch("indicators", queryset=indicators)
    )


# An indicator's latest actual is the one of its latest period: one rule, read from the
# actuals fetched with a commitment (``latest_actual``) or for many indicators in one query
# (``latest_actuals``), so the commitment's page and the gap analysis agree.


def latest_actual(indicator: Indicator) -> IndicatorValue | None:
    """The indicator's actual for its latest period (from the actuals read with it, in period
    order, as ``commitment_register`` reads them)."""
    actuals = list(indicator.actuals.all())
    return actuals[-1] if actuals else None


def latest_actuals(indicator_ids: Collection[int]) -> dict[int, IndicatorValue]:
    """Each indicator's actual for its latest period, in one query."""
    later = IndicatorValue.objects.filter(
        indicator=OuterRef("indicator"), period_end__gt=OuterRef("period_end")
    )
    values = IndicatorValue.objects.filter(
        ~Exists(later), indicator_id__in=indicator_ids
    ).select_related("reported_by")
    return {value.indicator_id: value for value in values}
