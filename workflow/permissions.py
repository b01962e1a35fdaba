"""Who may do what to an opportunity. Transition declarations and services both ask here.

Each rule combines the role predicates of ``core.roles`` with the item: "the owning unit's
focal point", "while the item is still open". Transition permissions are called by django-fsm
as ``(instance, user)``; the others take the person first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import in_department, in_top_management, is_focal_point, keeps_any_unit_records

if TYPE_CHECKING:
    from core.roles import Person
    from workflow.models import Opportunity


def is_coordinator(opportunity: Opportunity, user: Person) -> bool:
    return in_department(user)


def is_top_management(opportunity: Opportunity, user: Person) -> bool:
    return in_top_management(user)


def is_owning_focal_point(opportunity: Opportunity, user: Person) -> bool:
    return is_focal_point(user, opportunity.owning_unit_id)


def is_owning_focal_point_or_coordinator(opportunity: Opportunity, user: Person) -> bool:
    return is_owning_focal_point(opportunity, user) or in_department(user)


def can_create_for_unit(user: Person, unit_id: int) -> bool:
    """Focal points register their own unit's items; the department may register for any."""
    return is_focal_point(user, unit_id) or in_department(user)


def can_create_any(user: Person) -> bool:
    return keeps_any_unit_records(user)


def can_edit(opportunity: Opportunity, user: Person) -> bool:
    """Fields change only while an item is still being prepared (``identified``)."""
    return (
        opportunity.state == opportunity.State.IDENTIFIED
        and is_owning_focal_point_or_coordinator(opportunity, user)
    )


def can_manage_meetings(user: Person) -> bool:
    """The department schedules meetings, builds their agendas and records their outcomes."""
    return in_department(user)


def can_keep_records(opportunity: Opportunity, user: Person) -> bool:
    """Donor contacts and documents are added by the owning unit or the department while the
    item is still open; a closed or rejected item's file is kept as it was."""
    return opportunity.state not in opportunity.FINISHED and is_owning_focal_point_or_coordinator(
        opportunity, user
    )


def can_write_recommendation(opportunity: Opportunity, user: Person) -> bool:
    """The department's recommendation to top management: written by the department when the
    item is presented, and corrected until top management decides."""
    return opportunity.state in opportunity.BEFORE_APPROVAL and in_department(user)


def can_read_decision_briefs(user: Person) -> bool:
    """The briefs and the pack of items waiting for a decision: for top management, who
    decides, and the department, who prepares them."""
    return in_top_management(user) or in_department(user)
