"""A page of the register shaped straight from database rows.

``OpportunitySerializer`` answers a single item and takes writes. A list page asks for up to
200 rows of 26 fields, where building model instances and DRF's per-field lookups cost several
times the queries themselves. Here the rows are read as plain values and shaped in one pass,
amounts and dates written as the serializers' fields write them; a test holds the two answers
equal, field for field.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from datetime import tzinfo
from decimal import Decimal
from functools import cache, partial
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers

from core.models import bilingual_name
from workflow import selectors
from workflow.api.serializers import KpiSerializer, OpportunitySerializer
from workflow.models import Opportunity

Row = dict[str, Any]

# Output key → the column it is read from, where the two differ.
_COLUMN_OF = {
    "donor": "donor_id",
    "owning_unit": "owning_unit_id",
    "presented_at": "presented_at_id",
}
# Keys composed from other columns or from the related rows.
_COMPOSED = {"donor_name", "owning_unit_name", "state_label", "beneficiary_units", "kpis"}
_NAMES = ("donor__name_ka", "donor__name_en", "owning_unit__name_ka", "owning_unit__name_en")


class Rows:
    """What the paginator pages through: ``opportunities`` counted as they are (a count of the
    plain-row query would keep its joins to donors and units) and sliced as plain rows."""

    def __init__(self, opportunities: QuerySet[Opportunity]) -> None:
        self.opportunities = opportunities
        self.ordered = opportunities.ordered

    def count(self) -> int:
        return self.opportunities.count()

    def __getitem__(self, window: slice) -> list[Row]:
        plain = [key for key in OpportunitySerializer.Meta.fields if key not in _COMPOSED]
        columns = (*(_COLUMN_OF.get(key, key) for key in plain), *_NAMES)
        return list(self.opportunities.values(*columns)[window])


def shape(rows: Sequence[Row]) -> list[Row]:
    """The register's JSON objects for ``rows`` (a page of :class:`Rows`), in their order."""
    ids = [row["id"] for row in rows]
    units = selectors.beneficiary_unit_ids(ids)
    kpis = selectors.kpi_values(ids, KpiSerializer.Meta.fields)
    zone = timezone.get_current_timezone()
    plan = _plan(OpportunitySerializer, zone)
    kpi_plan = _plan(KpiSerializer, zone)
    state_labels = {state: str(label) for state, label in Opportunity.State.choices}
    shaped = []
    for row in rows:
        item: Row = {}
        for key, column, format_value in plan:
            if column is not None:
                value = row[column]
                item[key] = value if format_value is None or value is None else format_value(value)
            elif key == "donor_name":
                item[key] = bilingual_name(row["donor__name_ka"], row["donor__name_en"])
            elif key == "owning_unit_name":
                item[key] = bilingual_name(row["owning_unit__name_ka"], row["owning_unit__name_en"])
            elif key == "state_label":
                item[key] = state_labels[row["state"]]
            elif key == "beneficiary_units":
                item[key] = units.get(row["id"], [])
            elif key == "kpis":
                item[key] = [_formatted(kpi, kpi_plan) for kpi in kpis.get(row["id"], [])]
        shaped.append(item)
    return shaped


def _formatted(row: Row, plan: Plan) -> Row:
    item: Row = {}
    for key, column, format_value in plan:
        value = row[column or key]
        item[key] = value if format_value is None or value is None else format_value(value)
    return item


Plan = list[tuple[str, str | None, Callable[[Any], Any] | None]]


@cache
def _plan(serializer_class: type[serializers.Serializer[Any]], zone: tzinfo) -> Plan:
    """Each output key with the column it is read from (None: composed here) and, for amounts,
    dates and date-times, how DRF's field of that key writes it."""
    plan: Plan = []
    for key, field in serializer_class().fields.items():
        column = None if key in _COMPOSED else _COLUMN_OF.get(key, key)
        plan.append((key, column, _format_of(field, zone)))
    return plan


def _format_of(field: serializers.Field[Any, Any, Any, Any], zone: tzinfo) -> Any:
    if isinstance(field, serializers.DateTimeField):
        return partial(_moment, zone=zone)
    if isinstance(field, serializers.DateField):
        return datetime.date.isoformat
    if isinstance(field, serializers.DecimalField):
        step = Decimal(1).scaleb(-(field.decimal_places or 0))
        return partial(_amount, step=step, rounding=field.rounding)
    return None


def _moment(value: datetime.datetime, zone: tzinfo) -> str:
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _amount(value: Decimal, step: Decimal, rounding: str | None) -> str:
    return format(value.quantize(step, rounding=rounding), "f")
