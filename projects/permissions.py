"""Who may do what in the project and obligation registers."""

from __future__ import annotations

from typing import Any

from core.roles import Role


def _is_user(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_coordinator(item: Any, user: Any) -> bool:
    return _is_user(user) and user.has_role(Role.IRD_COORDINATOR)


def is_responsible_focal_point_or_coordinator(obligation: Any, user: Any) -> bool:
    """The unit that owes the obligation reports it; the department may report on its behalf."""
    return is_coordinator(obligation, user) or (
        _is_user(user) and user.has_role(Role.FOCAL_POINT, obligation.responsible_unit_id)
    )


def can_keep_register(user: Any) -> bool:
    """The department keeps the project and obligation registers."""
    return is_coordinator(None, user)


def can_correct_obligation(obligation: Any, user: Any) -> bool:
    """The department corrects an obligation until it is settled (accepted or waived)."""
    return can_keep_register(user) and obligation.state not in obligation.SETTLED


def project_unit_ids(project: Any) -> set[int]:
    return {p.unit_id for p in project.participants.all() if p.unit_id}


def can_report_progress(project: Any, user: Any) -> bool:
    """A focal point of a unit taking part in the project, or the department."""
    if is_coordinator(project, user):
        return True
    return _is_user(user) and any(
        user.has_role(Role.FOCAL_POINT, unit_id) for unit_id in project_unit_ids(project)
    )
