"""A donor's IATI file of 10,000 activities: read by the worker (time against a bare lxml
iterparse pass over the same file, in the same run, and the worker's peak memory), then its
result pages and API pages, filtered, with a tenth of the activities already held."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.test import Client
from lxml import etree

from bench import seed
from bench.common import copy_rows, heading, p50, p95, scaled, table, template_row, timed
from bench.iati_file import write
from iati.models import IatiImport
from iati.services import iati_import_create
from tests.factories import OpportunityFactory
from workflow.models import Opportunity

REQUESTS = 60


def bare_iterparse(path: Path) -> float:
    """The least a streaming read can do: every element parsed, each activity dropped."""
    start = time.perf_counter()
    for _event, element in etree.iterparse(str(path), events=("end",), tag="iati-activity"):
        element.clear()
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]
    return time.perf_counter() - start


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
        with path.open("rb") as file:
            batch = iati_import_create(user=at.coordinator, file_name="bench.xml", file=file)
        bare = min(bare_iterparse(path) for _ in range(3))
        worker = subprocess.run(
            [sys.executable, "-m", "bench.iati_worker", str(batch.pk)],
            check=True,
            capture_output=True,
            text=True,
        )
        read = json.loads(worker.stdout.strip().splitlines()[-1])
    batch.refresh_from_db()
    assert batch.status == IatiImport.Status.READY, batch.refusal
    assert batch.activities_read == count
    _hold(count // 10, at)

    heading(f"IATI file of {count:,} activities ({size / 1e6:.1f} MB)")
    table(
        ["measure", "value", "goal"],
        [
            ["bare lxml iterparse pass, s", bare, "—"],
            ["worker's read (parse, records, inserts), s", read["seconds"], "≤ 30"],
            ["read ÷ bare pass", read["seconds"] / bare, "≤ 3"],
            ["worker's peak memory, MB", read["peak_mb"], "≤ 300"],
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
