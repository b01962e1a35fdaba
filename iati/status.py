"""IATI activity status for an opportunity: the register keeps its richer states, and says
which IATI status each one is when an activity is published or compared with a donor's file."""

from __future__ import annotations

from workflow.models import Opportunity

State, Outcome = Opportunity.State, Opportunity.Outcome

PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED, CANCELLED, SUSPENDED = "1", "2", "3", "4", "5", "6"

BY_STATE: dict[str, str] = {
    State.IDENTIFIED: PIPELINE,
    State.PRESENTED: PIPELINE,
    State.APPROVED: PIPELINE,
    State.IN_COMMUNICATION: PIPELINE,
    State.MONITORED: IMPLEMENTATION,
    State.REJECTED: CANCELLED,
}
# A closed item ended one of three ways; only a completed one ran as an activity.
BY_OUTCOME: dict[str, str] = {
    Outcome.COMPLETED: CLOSED,
    Outcome.NOT_FUNDED: CANCELLED,
    Outcome.WITHDRAWN: CANCELLED,
}


def activity_status(opportunity: Opportunity) -> str:
    if opportunity.state == State.CLOSED:
        return BY_OUTCOME.get(opportunity.closing_outcome, CANCELLED)
    return BY_STATE[opportunity.state]
