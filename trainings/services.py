"""Every write to the training record; each edit is kept with what it changed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TypedDict

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ActionForbidden
from core.history import update_keeping_history
from core.models import OrganisationalUnit, User
from core.validation import validated
from projects.models import Project
from trainings.models import Training
from trainings.permissions import can_keep_training
from workflow.models import Opportunity

TRACKED = (*Training.EDITABLE_FIELDS, "staff")


class TrainingFields(TypedDict, total=False):
    name: str
    organiser: str
    unit: OrganisationalUnit
    start_date: datetime.date
    end_date: datetime.date
    duration_days: Decimal
    place: str
    country: str
    women: int
    men: int
    opportunity: Opportunity | None
    project: Project | None


def _refuse_unless_may_keep(training: Training, user: User) -> None:
    if not can_keep_training(training, user):
        raise ActionForbidden(
            _("Trainings are recorded by the department and by the unit's focal points.")
        )


@transaction.atomic
def training_create(
    *, user: User, fields: TrainingFields, staff: Sequence[User] | None = None
) -> Training:
    training = Training(created_by=user, **fields)
    _refuse_unless_may_keep(training, user)
    validated(training, exclude=["created_by"])
    training.save()
    training.staff.set(staff or ())
    return training


@transaction.atomic
def training_update(
    *,
    training: Training,
    user: User,
    fields: TrainingFields,
    staff: Sequence[User] | None = None,
    expected_version: int | None = None,
) -> Training:
    """Edit a training; ``staff`` left as ``None`` stays as it is. With ``expected_version``, an
    edit of a training saved meanwhile by someone else is refused (VersionConflict)."""
    _refuse_unless_may_keep(training, user)

    def check() -> None:
        _refuse_unless_may_keep(training, user)
        validated(training, exclude=["created_by"])

    def set_staff() -> None:
        if staff is not None:
            training.staff.set(staff)

    update_keeping_history(
        training,
        user=user,
        fields=dict(fields),
        tracked=TRACKED,
        check=check,
        may_edit=lambda: _refuse_unless_may_keep(training, user),
        after_save=set_staff,
        expected_version=expected_version,
    )
    return training
