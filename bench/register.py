"""The register at 100,000 opportunities: the API and the page, 50 rows with filters, against
a plain ModelViewSet with nested serializers and against hand-written SQL."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.test import Client
from rest_framework import serializers, viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from bench import seed
from bench.common import heading, p50, p95, queries_of, scaled, table, timed
from core.models import Donor, OrganisationalUnit
from workflow.models import KeyPerformanceIndicator, Opportunity

REQUESTS = 60


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


RAW_SQL = """
SELECT o.id, o.reference, o.title, o.kind, o.state, o.estimated_value, o.currency,
       o.application_deadline, o.created_at, d.name_ka, u.name_ka,
       (SELECT json_agg(json_build_object('name', k.name, 'target', k.target))
          FROM workflow_keyperformanceindicator k WHERE k.opportunity_id = o.id)
  FROM workflow_opportunity o
  JOIN core_donor d ON d.id = o.donor_id
  JOIN core_organisationalunit u ON u.id = o.owning_unit_id
 WHERE o.owning_unit_id = %s AND o.state = %s
 ORDER BY o.created_at DESC, o.id DESC
 LIMIT %s
"""
RAW_COUNT = (
    "SELECT count(*) FROM workflow_opportunity o WHERE o.owning_unit_id = %s AND o.state = %s"
)


def run() -> None:
    at = seed.base()
    count = scaled(100_000)
    seed.opportunities(count, at)
    unit = at.units[3].pk
    filters = [
        {"owning_unit": unit, "state": "monitored"},
        {"state": "identified", "donor": at.donors[5].pk},
        {"owning_unit": unit},
    ]
    api = Client()
    api.force_login(at.coordinator)

    def api_get(query: dict[str, Any], size: int = 50) -> None:
        response = api.get("/api/opportunities/", {**query, "page_size": size})
        assert response.status_code == 200, response.content[:200]

    def page_get(query: dict[str, Any]) -> None:
        response = api.get("/register/", query)
        assert response.status_code == 200

    factory = APIRequestFactory()
    naive_view = NaiveViewSet.as_view({"get": "list"})

    def naive_get(query: dict[str, Any], size: int = 50) -> None:
        request = factory.get("/naive/", {**query, "page_size": size})
        force_authenticate(request, at.coordinator)
        response = naive_view(request)
        response.render()
        assert response.status_code == 200

    def raw_get(size: int = 50) -> None:
        # The same answer by hand: the rows, the count, encoded as JSON.
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, [unit, "monitored", size])
            rows = cursor.fetchall()
            cursor.execute(RAW_COUNT, [unit, "monitored"])
            total = cursor.fetchone()[0]
        json.dumps({"count": total, "results": rows}, default=str)

    def rotating(fetch: Any) -> Any:
        state = {"n": 0}

        def once() -> None:
            fetch(filters[state["n"] % len(filters)])
            state["n"] += 1

        return once

    heading(f"Register: 50 rows of {count:,} opportunities, filtered ({REQUESTS} requests)")
    api_ms = timed(rotating(api_get), REQUESTS)
    page_ms = timed(rotating(page_get), REQUESTS)
    naive_ms = timed(rotating(naive_get), REQUESTS // 3)
    raw_ms = timed(raw_get, REQUESTS)
    same_filter_api = timed(lambda: api_get(filters[0]), REQUESTS)
    table(
        ["what", "p50 ms", "p95 ms"],
        [
            ["API /api/opportunities/", p50(api_ms), p95(api_ms)],
            ["page /register/", p50(page_ms), p95(page_ms)],
            ["naive ModelViewSet, nested serializers", p50(naive_ms), p95(naive_ms)],
            ["API, one filter (unit + state)", p50(same_filter_api), p95(same_filter_api)],
            ["raw SQL, same filter (rows, count, JSON)", p50(raw_ms), p95(raw_ms)],
        ],
    )
    table(
        ["ratio", "value"],
        [
            ["naive p50 / API p50 (goal ≥ 10)", p50(naive_ms) / p50(api_ms)],
            ["API p50 / raw SQL p50, same filter (goal ≤ 2)", p50(same_filter_api) / p50(raw_ms)],
        ],
    )
    rows = []
    for size in (10, 50, 200):
        rows.append(
            [
                size,
                queries_of(lambda size=size: api_get(filters[2], size)),
                queries_of(lambda size=size: naive_get(filters[2], size)),
            ]
        )
    rows.append(["page (50)", queries_of(lambda: page_get(filters[2])), "—"])
    table(["page size", "queries: API", "queries: naive"], rows)
