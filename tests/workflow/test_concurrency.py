"""Real concurrency on PostgreSQL: row locks decide, not luck."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from tests.conftest import client_for
from workflow.api import serializers
from workflow.models import Opportunity, TransitionLog
from workflow.services import opportunity_create

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking"),
]


def _run_together(workers: list[Callable[[], Any]]) -> list[Any]:
    results: list[Any] = [None] * len(workers)

    def run(index: int) -> None:
        try:
            results[index] = workers[index]()
        except Exception as exc:  # kept and asserted on by the caller
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_concurrent_approvals_one_wins_one_conflicts(
    minister, make_opportunity, monkeypatch
) -> None:
    opportunity = make_opportunity(state="presented")
    both_loaded = threading.Barrier(2, timeout=10)
    original_is_valid = serializers.TransitionRequestSerializer.is_valid

    def is_valid_after_both_loaded(self, *args, **kwargs):
        # Each request has read the item as "presented" before either writes.
        both_loaded.wait()
        return original_is_valid(self, *args, **kwargs)

    monkeypatch.setattr(
        serializers.TransitionRequestSerializer, "is_valid", is_valid_after_both_loaded
    )

    def approve() -> int:
        response = client_for(minister).post(
            f"/api/opportunities/{opportunity.pk}/transitions/approve/", {}, format="json"
        )
        return response.status_code

    statuses = _run_together([approve, approve])

    assert sorted(statuses) == [200, 409]
    opportunity.refresh_from_db()
    assert opportunity.state == "approved"
    assert TransitionLog.objects.filter(opportunity=opportunity).count() == 1


def test_concurrent_registrations_get_distinct_references(focal_point, unit, donor) -> None:
    start = threading.Barrier(4, timeout=10)

    def register() -> str:
        start.wait()
        return opportunity_create(
            user=focal_point,
            fields={"title": "x", "kind": "grant", "donor": donor, "owning_unit": unit},
        ).reference

    references = _run_together([register] * 4)

    assert all(isinstance(r, str) for r in references), references
    assert len(set(references)) == 4
    assert Opportunity.objects.count() == 4
