"""Each internal state maps to one IATI activity status; a closed item by how it ended."""

from __future__ import annotations

import pytest

from workflow.models import Opportunity


@pytest.mark.parametrize(
    ("state", "outcome", "status"),
    [
        ("identified", "", "1"),
        ("presented", "", "1"),
        ("approved", "", "1"),
        ("in_communication", "", "1"),
        ("monitored", "", "2"),
        ("closed", "completed", "4"),
        ("closed", "not_funded", "5"),
        ("closed", "withdrawn", "5"),
        ("rejected", "", "5"),
    ],
)
def test_activity_status(state: str, outcome: str, status: str) -> None:
    assert Opportunity(state=state, closing_outcome=outcome).iati_status() == status


def test_every_state_has_a_status() -> None:
    for state in Opportunity.State:
        assert Opportunity(state=state, closing_outcome="completed").iati_status() in {
            "1",
            "2",
            "4",
            "5",
        }
