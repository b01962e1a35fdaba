"""Transitions per second through the service layer (checks, log, outbox) at 1, 2 and 8
concurrent clients, each a process of its own as web workers are; then every client at once
on the same items, where each item may move once: lost updates must be 0."""

from __future__ import annotations

import multiprocessing
import random
import time
from typing import Any

from django.db import connections

from bench import seed
from bench.common import heading, scaled, table
from core.errors import DomainError
from core.models import User
from workflow.models import Opportunity, TransitionLog
from workflow.services import opportunity_transition


def _client(ids: list[int], username: str, name: str, results: Any) -> None:
    connections.close_all()  # a connection of its own, never the parent's
    user = User.objects.get(username=username)
    moved = refused = 0
    for pk in ids:
        try:
            opportunity_transition(
                opportunity=Opportunity.objects.get(pk=pk), user=user, name=name, comment="bench"
            )
            moved += 1
        except DomainError:
            refused += 1
    results.put((moved, refused))
    connections.close_all()


def _round(groups: list[list[int]], username: str, name: str) -> tuple[int, int, float]:
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(target=_client, args=(ids, username, name, results)) for ids in groups
    ]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    outcome = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    return sum(m for m, _r in outcome), sum(r for _m, r in outcome), elapsed


def run() -> None:
    at = seed.base()
    per_round = scaled(2_000)
    ids = seed.opportunities(per_round * 3 + scaled(500), at)
    Opportunity.objects.filter(pk__in=ids).update(state="identified")
    heading(f"Transitions through the service layer ({per_round:,} per round, goal ≥ 200/s)")
    rows = []
    offset = 0
    for clients in (1, 2, 8):
        batch = ids[offset : offset + per_round]
        offset += per_round
        groups = [batch[n::clients] for n in range(clients)]
        moved, refused, elapsed = _round(groups, at.coordinator.username, "present")
        logged = TransitionLog.objects.filter(
            opportunity_id__in=batch, transition="present", comment="bench"
        ).count()
        presented = Opportunity.objects.filter(pk__in=batch, state="presented").count()
        rows.append(
            [
                clients,
                moved,
                refused,
                elapsed,
                moved / elapsed,
                per_round - presented,
                logged - moved,
            ]
        )
    table(
        [
            "clients",
            "moved",
            "refused",
            "seconds",
            "transitions/s",
            "items not moved",
            "log rows - moves",
        ],
        rows,
    )

    contested = ids[offset:]
    Opportunity.objects.filter(pk__in=contested).update(state="presented")
    groups = []
    for n in range(8):
        order = list(contested)
        random.Random(n).shuffle(order)
        groups.append(order)
    moved, refused, elapsed = _round(groups, at.minister.username, "approve")
    logs = TransitionLog.objects.filter(
        opportunity_id__in=contested, transition="approve", comment="bench"
    ).count()
    approved = Opportunity.objects.filter(pk__in=contested, state="approved").count()
    table(
        ["8 clients on the same items", "value"],
        [
            ["items", len(contested)],
            ["attempts", len(contested) * 8],
            ["moves accepted", moved],
            ["refused (already moved)", refused],
            ["items approved", approved],
            ["approve log rows", logs],
            [
                "lost or doubled updates (must be 0)",
                abs(moved - len(contested)) + abs(logs - moved),
            ],
            ["seconds", elapsed],
        ],
    )
