"""Who keeps the action plans and who reports on them.

- The department's coordinators keep the department's plan and any unit's plan.
- A unit's focal points and its head keep their unit's plan.
- The focal points of an activity's responsible unit report its quarterly status.
- Everyone signed in reads every plan.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import (
    focal_point_unit_ids,
    headed_unit_ids,
    in_department,
    is_focal_point,
    is_unit_head,
    signed_in,
)

if TYPE_CHECKING:
    from actionplans.models import ActionPlan, Activity
    from core.roles import Person


def can_read_plans(user: Person) -> bool:
    return signed_in(user)


def can_keep_plan_of(unit_id: int | None, user: Person) -> bool:
    """A plan of the unit ``unit_id`` (None: the department's own plan)."""
    if in_department(user):
        return True
    return unit_id is not None and (is_focal_point(user, unit_id) or is_unit_head(user, unit_id))


def can_keep_plan(plan: ActionPlan, user: Person) -> bool:
    return can_keep_plan_of(plan.unit_id, user)


def can_keep_any_plan(user: Person) -> bool:
    """Whether the person keeps some plan (to offer a new plan or an import at all)."""
    return in_department(user) or bool(focal_point_unit_ids(user) | headed_unit_ids(user))


def plan_unit_ids(user: Person) -> set[int] | None:
    """The units whose plans the person keeps; None for all of them and the department's."""
    if in_department(user):
        return None
    return focal_point_unit_ids(user) | headed_unit_ids(user)


def can_report_on(activity: Activity, user: Person) -> bool:
    """The responsible unit's focal points report an activity's quarterly status."""
    return is_focal_point(user, activity.responsible_unit_id)


def can_report_any(user: Person) -> bool:
    return is_focal_point(user)
