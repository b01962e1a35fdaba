"""Every transition from every state: allowed moves land where the issue says, others refuse."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TypedDict

import pytest

from core.errors import StateConflict
from core.roles import Role
from tests.factories import UserFactory
from workflow.lifecycle import state_diagram_mermaid, transitions_by_name
from workflow.models import Opportunity, TransitionLog
from workflow.services import opportunity_transition

STATES = [s.value for s in Opportunity.State]

# The contract, written out independently of the model so a change to either is caught.
EXPECTED = {
    "present": ({"identified"}, "presented"),
    "approve": ({"presented"}, "approved"),
    "reject": ({"presented"}, "rejected"),
    "return_for_revision": ({"presented"}, "identified"),
    "start_donor_communication": ({"approved"}, "in_communication"),
    "start_monitoring": ({"in_communication"}, "monitored"),
    "mark_not_funded": ({"in_communication"}, "closed"),
    "close": ({"monitored"}, "closed"),
    "withdraw": ({"identified", "presented", "approved", "in_communication"}, "closed"),
}
OUTCOMES = {"mark_not_funded": "not_funded", "close": "completed", "withdraw": "withdrawn"}


class Funding(TypedDict):
    confirmed_amount: Decimal
    confirmed_currency: str
    funding_start_date: datetime.date


FUNDING: Funding = {
    "confirmed_amount": Decimal("14500000"),
    "confirmed_currency": "SEK",
    "funding_start_date": datetime.date(2026, 12, 1),
}


@pytest.fixture
def everyone(unit):
    """One person holding every acting role, so only the state decides here."""
    return UserFactory.create(
        username="all-roles",
        roles=[
            (Role.FOCAL_POINT, unit),
            (Role.IRD_COORDINATOR, None),
            (Role.TOP_MANAGEMENT, None),
        ],
    )


def test_declared_transitions_are_exactly_the_contract() -> None:
    declared = {
        name: ({t.source for t in ts}, {t.target for t in ts})
        for name, ts in transitions_by_name().items()
    }
    assert declared == {name: (sources, {target}) for name, (sources, target) in EXPECTED.items()}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_transition_from_state(name: str, state: str, everyone, make_opportunity) -> None:
    sources, target = EXPECTED[name]
    opportunity = make_opportunity(state=state)

    if state not in sources:
        with pytest.raises(StateConflict):
            opportunity_transition(
                opportunity=opportunity, user=everyone, name=name, comment="x", **FUNDING
            )
        opportunity.refresh_from_db()
        assert opportunity.state == state
        assert not TransitionLog.objects.filter(opportunity=opportunity).exists()
        return

    opportunity_transition(
        opportunity=opportunity, user=everyone, name=name, comment="მიზეზი", **FUNDING
    )
    opportunity.refresh_from_db()
    assert opportunity.state == target
    assert opportunity.closing_outcome == OUTCOMES.get(name, "")
    log = TransitionLog.objects.get(opportunity=opportunity)
    assert (log.transition, log.from_state, log.to_state, log.actor, log.comment) == (
        name,
        state,
        target,
        everyone,
        "მიზეზი",
    )


def test_state_diagram_lists_every_declared_move() -> None:
    diagram = state_diagram_mermaid()
    for name, (sources, target) in EXPECTED.items():
        for source in sources:
            assert f"{source} --> {target}: {name}" in diagram
