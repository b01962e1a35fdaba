"""Reads of the training record, and its totals per unit and year."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import ExtractYear

from trainings.models import Training


def training_list() -> QuerySet[Training]:
    return Training.objects.select_related("unit", "opportunity", "project").prefetch_related(
        "staff"
    )


def totals_by_unit_and_year(trainings: QuerySet[Training]) -> list[dict[str, Any]]:
    """One row per unit and year of the trainings given: how many, who took part, how long."""
    rows = (
        trainings.annotate(year=ExtractYear("start_date"))
        .values("year", "unit_id", unit_name=F("unit__name_ka"))
        # ``people`` first: once ``women`` and ``men`` name the sums, F() would mean those.
        .annotate(people=Sum(F("women") + F("men")))
        .annotate(
            trainings=Count("id"),
            women=Sum("women"),
            men=Sum("men"),
            days=Sum("duration_days"),
        )
        .order_by("-year", "unit_name")
    )
    return [dict(row) for row in rows]
