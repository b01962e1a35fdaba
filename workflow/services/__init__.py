"""Every write to the workflow's tables goes through these modules: opportunities, meetings and
records. Each function runs in one transaction: a refusal leaves nothing behind. The opportunity
writes most callers want are named here as well.
"""

from workflow.services.opportunities import (
    DECISIONS,
    KpiData,
    OpportunityFields,
    opportunities_decide,
    opportunity_approve,
    opportunity_create,
    opportunity_transition,
    opportunity_update,
)

__all__ = [
    "DECISIONS",
    "KpiData",
    "OpportunityFields",
    "opportunities_decide",
    "opportunity_approve",
    "opportunity_create",
    "opportunity_transition",
    "opportunity_update",
]
