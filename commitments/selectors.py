"""Reads of the commitment register, with their joins done up front."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from commitments.models import Commitment, Indicator, IndicatorValue


def commitment_register() -> QuerySet[Commitment]:
    """Commitments with their framework, units and indicators, each indicator with its actuals
    in period order (the latest is the last)."""
    actuals = IndicatorValue.objects.select_related("reported_by").order_by("period_end", "id")
    indicators = Indicator.objects.prefetch_related(Prefetch("actuals", queryset=actuals))
    return Commitment.objects.select_related("framework", "responsible_unit").prefetch_related(
        "supporting_units", Prefetch("indicators", queryset=indicators)
    )


def latest_actual(indicator: Indicator) -> IndicatorValue | None:
    """The indicator's actual for its latest period (from the actuals read with it)."""
    actuals = list(indicator.actuals.all())
    return actuals[-1] if actuals else None
