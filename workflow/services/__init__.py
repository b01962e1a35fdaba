"""Every write goes through these functions, one module per concern.

The web pages, the REST API, the admin actions, the demo loader and background tasks call them,
so each rule lives here once. Each runs in one transaction: a refusal leaves nothing behind.
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
