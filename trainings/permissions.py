"""Who keeps the training record: the department, and the focal points of the unit whose staff
took part (a unit's own records, ``core.roles.keeps_unit_records``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import keeps_any_unit_records, keeps_unit_records

if TYPE_CHECKING:
    from core.roles import Person
    from trainings.models import Training


def can_record_trainings(user: Person) -> bool:
    """Whether the person records any trainings at all (the department, or a unit's focal
    point)."""
    return keeps_any_unit_records(user)


def can_keep_training(training: Training, user: Person) -> bool:
    """The department and the focal points of the training's unit."""
    return keeps_unit_records(training.unit_id, user)
