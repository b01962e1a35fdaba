"""The register at 100,000 opportunities: the API and the page, 50 rows with filters, against
a plain ModelViewSet with nested serializers and against hand-written SQL."""

from __future__ import annotations

from typing import Any

from django.test import Client, override_settings

from bench import seed
from bench.anchors import raw_answer
from bench.common import heading, p50, p95, queries_of, scaled, table, timed

REQUESTS = 150


@override_settings(ROOT_URLCONF="bench.anchors")
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

    def naive_get(query: dict[str, Any], size: int = 50) -> None:
        response = api.get("/bench/naive/", {**query, "page_size": size})
        assert response.status_code == 200, response.content[:200]

    def raw_get(size: int = 50) -> None:
        response = api.get("/bench/raw/", {**filters[0], "page_size": size})
        assert response.status_code == 200

    def bare_sql() -> None:
        raw_answer(unit, "monitored", 50)

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
    bare_ms = timed(bare_sql, REQUESTS)
    table(
        ["what (each through the same middleware and sign-in)", "p50 ms", "p95 ms"],
        [
            ["API /api/opportunities/", p50(api_ms), p95(api_ms)],
            ["page /register/", p50(page_ms), p95(page_ms)],
            ["naive ModelViewSet, nested serializers", p50(naive_ms), p95(naive_ms)],
            ["API, one filter (unit + state)", p50(same_filter_api), p95(same_filter_api)],
            ["raw SQL view, same filter (count, rows, JSON)", p50(raw_ms), p95(raw_ms)],
            ["the raw SQL and JSON alone, no request", p50(bare_ms), p95(bare_ms)],
        ],
    )
    table(
        ["ratio", "value"],
        [
            ["naive p50 / API p50 (goal ≥ 10)", p50(naive_ms) / p50(api_ms)],
            [
                "API p50 / raw SQL view p50, same filter (goal ≤ 2)",
                p50(same_filter_api) / p50(raw_ms),
            ],
            ["API p50 / raw SQL alone", p50(same_filter_api) / p50(bare_ms)],
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
