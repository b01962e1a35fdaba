"""Dashboard figures at 100,000 opportunities with their transition log."""

from __future__ import annotations

from django.test import Client

from bench import seed
from bench.common import heading, p50, p95, queries_of, scaled, table, timed
from insight.figures import dashboard

REPEAT = 40


def run() -> None:
    at = seed.base()
    count = scaled(100_000)
    seed.opportunities(count, at)
    client = Client()
    client.force_login(at.coordinator)

    def page() -> None:
        assert client.get("/dashboard/").status_code == 200

    heading(f"Dashboard at {count:,} opportunities ({REPEAT} runs, goal ≤ 200 ms)")
    figures = timed(dashboard, REPEAT)
    pages = timed(page, REPEAT)
    table(
        ["what", "p50 ms", "p95 ms", "queries"],
        [
            [
                "figures (insight.figures.dashboard)",
                p50(figures),
                p95(figures),
                queries_of(dashboard),
            ],
            ["page /dashboard/", p50(pages), p95(pages), queries_of(page)],
        ],
    )
