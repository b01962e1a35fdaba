"""Who may do what to an opportunity. Transition declarations and services both ask here."""

from __future__ import annotations

from typing import Any

from core.roles import Role

# Transition permissions are called by django-fsm as (instance, user); instances are Opportunity.


def _is_user(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_coordinator(opportunity: Any, user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.IRD_COORDINATOR)


def is_top_management(opportunity: Any, user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.TOP_MANAGEMENT)


def is_owning_focal_point(opportunity: Any, user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.FOCAL_POINT, opportunity.owning_unit_id)


def is_owning_focal_point_or_coordinator(opportunity: Any, user: Any) -> bool:
    return is_owning_focal_point(opportunity, user) or is_coordinator(opportunity, user)


def can_create_for_unit(user: Any, unit_id: int) -> bool:
    """Focal points register their own unit's items; the department may register for any."""
    return _is_user(user) and (
        user.has_role(Role.FOCAL_POINT, unit_id) or user.has_role(Role.IRD_COORDINATOR)
    )


def can_create_any(user: Any) -> bool:
    return _is_user(user) and (
        user.has_role(Role.FOCAL_POINT) or user.has_role(Role.IRD_COORDINATOR)
    )


def can_edit(opportunity: Any, user: Any) -> bool:
    """Fields change only while an item is still being prepared (``identified``)."""
    from workflow.models import Opportunity

    return (
        opportunity.state == Opportunity.State.IDENTIFIED
        and is_owning_focal_point_or_coordinator(opportunity, user)
    )


def can_manage_meetings(user: Any) -> bool:
    """The department schedules meetings, builds their agendas and records their outcomes."""
    return _is_user(user) and user.has_role(Role.IRD_COORDINATOR)


def can_keep_records(opportunity: Any, user: Any) -> bool:
    """Donor contacts and documents are added by the owning unit or the department while the
    item is still open; a closed or rejected item's file is kept as it was."""
    from workflow.models import Opportunity

    finished = {Opportunity.State.CLOSED, Opportunity.State.REJECTED}
    return opportunity.state not in finished and is_owning_focal_point_or_coordinator(
        opportunity, user
    )
