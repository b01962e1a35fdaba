"""A donor's IATI file of 10,000 activities: read by the worker (time against a bare lxml
iterparse pass over the same file, in the same run, and the worker's peak memory), then its
result pages and API pages, filtered, with a tenth of the activities already held."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import Client

from bench import seed
from bench.common import copy_rows, heading, p50, p95, scaled, table, template_row, timed
from bench.iati_file import write, write_one_large_activity
from iati.models import IatiImport
from iati.reading import iati_import_create
from tests.factories import OpportunityFactory
from workflow.models import Opportunity

REQUESTS = 60
RUNS = 3


def _pass(*args: str) -> dict[str, float]:
    worker = subprocess.run(
        [sys.executable, "-m", "bench.iati_worker", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(worker.stdout.strip().splitlines()[-1]))


LEDGER = 500_000


def _one_large_activity(at: seed.Base) -> tuple[int, dict[str, float]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xml"
        size = write_one_large_activity(path, scaled(LEDGER))
        with path.open("rb") as file:
            batch = iati_import_create(user=at.coordinator, file_name="ledger.xml", file=file)
        read = _pass("read", str(batch.pk))
    batch.refresh_from_db()
    assert batch.status == IatiImport.Status.READY, batch.refusal
    batch.delete()
    return size, read


def _hold(count: int, at: seed.Base) -> None:
    pattern = template_row(
        OpportunityFactory(
            owning_unit=at.units[0], donor=at.donors[0], created_by=at.focal_points[0]
        )
    )
    Opportunity.objects.all().delete()
    copy_rows(
        Opportunity,
        (
            pattern | {"reference": f"H-{n:07d}", "iati_identifier": f"XM-BENCH-1-{n * 10:06d}"}
            for n in range(count)
        ),
    )


def run() -> None:
    at = seed.base()
    count = scaled(10_000)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "activities.xml"
        size = write(path, count)
        batches = []
        for _ in range(RUNS):
            with path.open("rb") as file:
                batches.append(
                    iati_import_create(user=at.coordinator, file_name="bench.xml", file=file)
                )
        # Each pass in a process of its own, the two kinds in turn, so both meet the same
        # machine; the medians are compared.
        bare, reads = [], []
        for batch in batches:
            bare.append(_pass("bare", str(path)))
            reads.append(_pass("read", str(batch.pk)))
    for batch in batches:
        batch.refresh_from_db()
        assert batch.status == IatiImport.Status.READY, batch.refusal
        assert batch.activities_read == count
    batch = batches[0]
    IatiImport.objects.exclude(pk=batch.pk).delete()
    bare_s = statistics.median(p["seconds"] for p in bare)
    read_s = statistics.median(p["seconds"] for p in reads)
    ledger_size, ledger_read = _one_large_activity(at)
    _hold(count // 10, at)

    heading(f"IATI file of {count:,} activities ({size / 1e6:.1f} MB)")
    table(
        ["measure", "value", "goal"],
        [
            ["bare lxml iterparse pass (median of 3), s", bare_s, "—"],
            ["worker's read: parse, records, inserts (median of 3), s", read_s, "≤ 30"],
            ["read ÷ bare pass", read_s / bare_s, "≤ 3"],
            ["worker's peak memory (largest of 3), MB", max(p["peak_mb"] for p in reads), "≤ 300"],
            ["bare pass's peak memory, MB", max(p["peak_mb"] for p in bare), "—"],
            [
                f"one activity of {LEDGER:,} transactions ({ledger_size / 1e6:.0f} MB):"
                " worker's peak memory, MB",
                ledger_read["peak_mb"],
                "≤ 300",
            ],
        ],
    )

    client = Client()
    client.force_login(at.coordinator)
    pages = [
        {},
        {"held": "false"},
        {"held": "true"},
        {"country": "GE", "status": "2"},
        {"q": "phase 99"},
        {"page": str(max(1, count // 50 // 2))},
    ]

    def rotating(url: str) -> object:
        state = {"n": 0}

        def once() -> None:
            query = pages[state["n"] % len(pages)]
            state["n"] += 1
            response = client.get(url, query)
            assert response.status_code == 200, response.content[:300]

        return once

    page_ms = timed(rotating(f"/iati/import/{batch.pk}/"), REQUESTS)
    api_ms = timed(rotating(f"/api/iati/imports/{batch.pk}/activities/"), REQUESTS)
    status_ms = timed(lambda: client.get(f"/api/iati/imports/{batch.pk}/"), REQUESTS)
    heading(f"Result pages of that file, filtered ({REQUESTS} requests each)")
    table(
        ["page", "p50 ms", "p95 ms", "goal"],
        [
            ["result page (50 rows)", p50(page_ms), p95(page_ms), "≤ 500"],
            ["API activities (50 rows)", p50(api_ms), p95(api_ms), "≤ 500"],
            ["API import status (counts)", p50(status_ms), p95(status_ms), "≤ 500"],
        ],
    )
