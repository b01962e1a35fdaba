"""The register's two anchors, served at their own addresses behind the same middleware,
sign-in and URL routing as the API, so the three differ only in how the answer is made:
``/bench/naive/`` a plain ModelViewSet with nested serializers, ``/bench/raw/`` hand-written
SQL encoded as JSON. ``bench.register`` points ROOT_URLCONF here."""

from __future__ import annotations

import json

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from rest_framework import serializers, viewsets

from core.models import Donor, OrganisationalUnit
from workflow.models import KeyPerformanceIndicator, Opportunity


class _Unit(serializers.ModelSerializer[OrganisationalUnit]):
    class Meta:
        model = OrganisationalUnit
        fields = "__all__"


class _Donor(serializers.ModelSerializer[Donor]):
    class Meta:
        model = Donor
        fields = "__all__"


class _Kpi(serializers.ModelSerializer[KeyPerformanceIndicator]):
    class Meta:
        model = KeyPerformanceIndicator
        fields = "__all__"


class NaiveSerializer(serializers.ModelSerializer[Opportunity]):
    donor = _Donor()
    owning_unit = _Unit()
    beneficiary_units = _Unit(many=True)
    kpis = _Kpi(many=True)

    class Meta:
        model = Opportunity
        fields = "__all__"


class NaiveViewSet(viewsets.ModelViewSet[Opportunity]):
    """What one writes first: no select_related, no prefetch, filters by filterset_fields."""

    queryset = Opportunity.objects.order_by("-created_at", "-id")
    serializer_class = NaiveSerializer
    filterset_fields = ["owning_unit", "state", "donor"]


# The API's answer by hand: the same 26 fields, the units and indicators aggregated in SQL.
RAW_SQL = """
SELECT o.id, o.reference, o.title, o.description, o.kind, o.donor_id AS donor,
       CASE WHEN %(en)s AND d.name_en <> '' THEN d.name_en ELSE d.name_ka END AS donor_name,
       o.owning_unit_id AS owning_unit,
       CASE WHEN %(en)s AND u.name_en <> '' THEN u.name_en ELSE u.name_ka END
           AS owning_unit_name,
       COALESCE((SELECT array_agg(b.organisationalunit_id ORDER BY bu.name_ka, bu.id)
                   FROM workflow_opportunity_beneficiary_units b
                   JOIN core_organisationalunit bu ON bu.id = b.organisationalunit_id
                  WHERE b.opportunity_id = o.id), '{}') AS beneficiary_units,
       o.estimated_value::text AS estimated_value, o.currency, o.application_deadline, o.need,
       o.expected_results, o.monitoring_periodicity,
       COALESCE((SELECT json_agg(json_build_object('name', k.name, 'unit', k.unit,
                                 'baseline', k.baseline::text, 'target', k.target::text)
                                 ORDER BY k.position, k.id)
                   FROM workflow_keyperformanceindicator k
                  WHERE k.opportunity_id = o.id), '[]') AS kpis,
       o.state, o.closing_outcome, o.presented_at_id AS presented_at,
       o.confirmed_amount::text AS confirmed_amount, o.confirmed_currency,
       o.funding_start_date, o.created_at, o.updated_at
  FROM workflow_opportunity o
  JOIN core_donor d ON d.id = o.donor_id
  JOIN core_organisationalunit u ON u.id = o.owning_unit_id
 WHERE o.owning_unit_id = %(unit)s AND o.state = %(state)s
 ORDER BY o.created_at DESC, o.id DESC
 LIMIT %(size)s
"""
RAW_COUNT = (
    "SELECT count(*) FROM workflow_opportunity o WHERE o.owning_unit_id = %s AND o.state = %s"
)


_STATE_LABELS = dict(Opportunity.State.choices)


def raw_answer(unit: int, state: str, size: int, english: bool = False) -> bytes:
    """The count and the page as JSON objects, by hand."""
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL, {"en": english, "unit": unit, "state": state, "size": size})
        names = [column.name for column in cursor.description]
        results = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        cursor.execute(RAW_COUNT, [unit, state])
        total = cursor.fetchone()[0]
    for result in results:
        result["state_label"] = str(_STATE_LABELS[result["state"]])
    return json.dumps({"count": total, "results": results}, default=str).encode()


def raw_view(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:  # the same session sign-in the API reads
        return HttpResponse(status=401)
    answer = raw_answer(
        int(request.GET["owning_unit"]),
        request.GET["state"],
        int(request.GET.get("page_size", "50")),
        english=request.LANGUAGE_CODE == "en",
    )
    return HttpResponse(answer, content_type="application/json")


urlpatterns = [
    path("bench/naive/", NaiveViewSet.as_view({"get": "list"})),
    path("bench/raw/", raw_view),
    path("", include("config.urls")),
]
