"""The workflow's tables, one module per concern."""

from workflow.models.base import AppendOnlyModel
from workflow.models.meeting import CoordinationMeeting
from workflow.models.opportunity import (
    KeyPerformanceIndicator,
    Opportunity,
    OpportunityEdit,
    ReferenceCounter,
    TransitionLog,
)

__all__ = [
    "AppendOnlyModel",
    "CoordinationMeeting",
    "KeyPerformanceIndicator",
    "Opportunity",
    "OpportunityEdit",
    "ReferenceCounter",
    "TransitionLog",
]
