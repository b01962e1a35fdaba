"""The batch claim: one conditional UPDATE … RETURNING that takes only the rows that still hold
what the sweep read, and moves each to its own next due."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection

from notifications.models import Notification
from reminders import runner
from reminders.claims import claim
from reminders.sweeps import SWEEPS
from tests.reminders.conftest import at
from workflow.models import Opportunity

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = at(2026, 11, 21, 9, 30)
DEADLINES = next(sweep for sweep in SWEEPS if sweep.name == "deadline guard")


@pytest.fixture
def due_items(make_opportunity):
    """Six items due at once for the deadline guard, with three different deadlines."""
    items = []
    with time_machine.travel(at(2026, 11, 21), tick=False):
        for n in range(6):
            item = make_opportunity(
                state="identified", application_deadline=D(2026, 11, 25 + n % 3)
            )
            item.plan_reminders()
            item.save()
            items.append(item)
    return items


def sweep_with(before_claim):
    """The deadline guard, with ``before_claim(item)`` run as each row is decided: what another
    sweep or a person could do between the read and the claim."""

    def fire(opportunity: Opportunity, now: datetime.datetime) -> runner.Firing:
        before_claim(opportunity)
        return DEADLINES.fire(opportunity, now)

    return runner.Sweep(
        DEADLINES.name,
        Opportunity,
        DEADLINES.due_field,
        fire,
        DEADLINES.unchanged,
        ("owning_unit",),
    )


def alerted() -> set[int | None]:
    rows = Notification.objects.filter(kind="opportunity.deadline")
    return set(rows.values_list("object_id", flat=True))


def test_each_row_moves_to_its_own_next_mark(due_items, focal_point) -> None:
    with time_machine.travel(NOW, tick=False):
        assert runner.run(DEADLINES, NOW) == 6
    for item in due_items:
        planned = item.deadline_reminder(NOW).following(NOW.date())
        item.refresh_from_db()
        assert item.deadline_alert_at == planned
    assert len({item.deadline_alert_at for item in due_items}) == 3


def test_a_row_another_sweep_took_meanwhile_is_left_to_it(due_items, focal_point) -> None:
    taken = due_items[3]
    elsewhere = at(2026, 11, 28, 9, 0)

    def other_sweep(opportunity: Opportunity) -> None:
        if opportunity.pk == taken.pk:
            Opportunity.objects.filter(pk=taken.pk).update(deadline_alert_at=elsewhere)

    with time_machine.travel(NOW, tick=False):
        assert runner.run(sweep_with(other_sweep), NOW) == 5
    assert alerted() == {item.pk for item in due_items} - {taken.pk}
    taken.refresh_from_db()
    assert taken.deadline_alert_at == elsewhere  # the other sweep's move stands


def test_a_row_changed_meanwhile_is_not_acted_on_and_the_next_sweep_decides(
    due_items, focal_point
) -> None:
    changed = due_items[1]

    def approve(opportunity: Opportunity) -> None:
        if opportunity.pk == changed.pk:
            Opportunity.objects.filter(pk=changed.pk).update(state=Opportunity.State.APPROVED)

    with time_machine.travel(NOW, tick=False):
        assert runner.run(sweep_with(approve), NOW) == 5
        assert changed.pk not in alerted()
        # Approved, the item has left the guard: the next sweep clears its column.
        assert runner.run(DEADLINES, NOW + datetime.timedelta(minutes=15)) == 1
    changed.refresh_from_db()
    assert changed.deadline_alert_at is None and changed.pk not in alerted()


def test_a_row_whose_deadline_was_removed_is_claimed_and_its_column_cleared(
    due_items, focal_point
) -> None:
    cleared = due_items[0]
    Opportunity.objects.filter(pk=cleared.pk).update(application_deadline=None)
    with time_machine.travel(NOW, tick=False):
        assert runner.run(DEADLINES, NOW) == 6  # read as empty, claimed as empty
    cleared.refresh_from_db()
    assert cleared.deadline_alert_at is None and cleared.pk not in alerted()


def test_a_claim_too_long_for_the_database_is_made_in_parts(due_items, monkeypatch) -> None:
    monkeypatch.setattr(connection.features, "max_query_params", 4)
    later = at(2026, 12, 1, 9, 0)
    moves = [(item, later + datetime.timedelta(days=n)) for n, item in enumerate(due_items)]
    taken = claim(Opportunity, "deadline_alert_at", moves, ("state", "application_deadline"))
    assert taken == {item.pk for item in due_items}
    # Claimed once: the same claim again finds nothing that still holds what was read.
    assert claim(Opportunity, "deadline_alert_at", moves, ("state",)) == set()
    for item, moved_to in moves:
        item.refresh_from_db()
        assert item.deadline_alert_at == moved_to
