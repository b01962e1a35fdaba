"""Who may do what in the project and obligation registers.

Each rule combines the role predicates of ``core.roles`` with the item: "the unit that owes the
obligation", "a unit taking part in the project". Transition permissions are called by
django-fsm as ``(instance, user)``; the others take the person first (or the item, when it
decides).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import focal_point_unit_ids, in_department, is_focal_point

if TYPE_CHECKING:
    from core.roles import Person
    from projects.models import Obligation, ProgressReport, Project


def is_coordinator(item: Obligation | ProgressReport, user: Person) -> bool:
    return in_department(user)


def is_responsible_focal_point_or_coordinator(obligation: Obligation, user: Person) -> bool:
    """The unit that owes the obligation reports it; the department may report on its behalf."""
    return in_department(user) or is_focal_point(user, obligation.responsible_unit_id)


def can_keep_register(user: Person) -> bool:
    """The department keeps the project and obligation registers."""
    return in_department(user)


def can_correct_obligation(obligation: Obligation, user: Person) -> bool:
    """The department corrects an obligation until it is settled (accepted or waived)."""
    return can_keep_register(user) and obligation.state not in obligation.SETTLED


def project_unit_ids(project: Project) -> set[int]:
    return {p.unit_id for p in project.participants.all() if p.unit_id}


def can_report_progress(project: Project, user: Person) -> bool:
    """A focal point of a unit taking part in the project, or the department."""
    if in_department(user):
        return True
    units = focal_point_unit_ids(user)
    return bool(units) and not units.isdisjoint(project_unit_ids(project))


def can_report_progress_now(project: Project, user: Person) -> bool:
    """Theirs to report, and a report is due (``progress_report_submit`` refuses otherwise)."""
    return can_report_progress(project, user) and project.awaits_progress_report
