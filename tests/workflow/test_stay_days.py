"""Each log row keeps how long the item stayed in the state it left; the migration fills it in
for rows written before, by the same rule."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps

from workflow.models import TransitionLog

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)


def _moves(opportunity, actor) -> None:
    for days, (source, target) in (
        (3, ("identified", "presented")),
        (5, ("presented", "approved")),
    ):
        with time_machine.travel(T0 + datetime.timedelta(days=days), tick=False):
            TransitionLog.objects.create(
                opportunity=opportunity,
                transition="move",
                from_state=source,
                to_state=target,
                actor=actor,
            )


def test_a_log_row_keeps_the_days_since_the_previous_move(make_opportunity, coordinator) -> None:
    with time_machine.travel(T0, tick=False):
        opportunity = make_opportunity(state="identified")
    _moves(opportunity, coordinator)
    stays = list(opportunity.transition_logs.order_by("at").values_list("stay_days", flat=True))
    assert stays == [pytest.approx(3.0), pytest.approx(2.0)]


def test_the_migration_fills_in_rows_written_before(make_opportunity, coordinator) -> None:
    with time_machine.travel(T0, tick=False):
        opportunity = make_opportunity(state="identified")
    _moves(opportunity, coordinator)
    TransitionLog.objects.update(stay_days=None)
    migration = importlib.import_module("workflow.migrations.0006_transition_stay_days")
    migration.measure_stays(apps, None)
    stays = list(opportunity.transition_logs.order_by("at").values_list("stay_days", flat=True))
    assert stays == [pytest.approx(3.0), pytest.approx(2.0)]


def test_a_transition_counts_the_stay_from_when_the_item_entered_its_state(
    make_opportunity, coordinator
) -> None:
    from workflow.services import opportunity_transition

    with time_machine.travel(T0, tick=False):
        opportunity = make_opportunity(state="identified")
    opportunity.state_changed_at = T0 + datetime.timedelta(days=1)
    opportunity.save()
    with time_machine.travel(T0 + datetime.timedelta(days=4), tick=False):
        opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    [log] = opportunity.transition_logs.all()
    assert log.stay_days == pytest.approx(3.0)
