"""The workflow's tables, one module per concern."""

from core.append_only import AppendOnlyModel
from workflow.models.meeting import AgendaItem, CoordinationMeeting
from workflow.models.opportunity import (
    KeyPerformanceIndicator,
    Opportunity,
    OpportunityEdit,
    ReferenceCounter,
    TransitionLog,
)
from workflow.models.records import Attachment, DonorCommunication

__all__ = [
    "AgendaItem",
    "AppendOnlyModel",
    "Attachment",
    "CoordinationMeeting",
    "DonorCommunication",
    "KeyPerformanceIndicator",
    "Opportunity",
    "OpportunityEdit",
    "ReferenceCounter",
    "TransitionLog",
]
