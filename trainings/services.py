"""Every write to the training record; each edit is kept with what it changed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TypedDict

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ActionForbidden
from core.history import changes_between, field_values
from core.models import OrganisationalUnit, User
from core.roles import keeps_unit_records
from core.validation import validated
from projects.models import Project
from trainings.models import Training, TrainingEdit
from workflow.models import Opportunity

TRACKED = (
    "name",
    "organiser",
    "unit",
    "start_date",
    "end_date",
    "duration_days",
    "place",
    "country",
    "women",
    "men",
    "staff",
    "opportunity",
    "project",
)


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
    if not keeps_unit_records(training.unit_id, user):
        raise ActionForbidden(
            _("Trainings are recorded by the department and by the unit's focal points.")
        )


@transaction.atomic
def training_create(*, user: User, fields: TrainingFields, staff: Sequence[User] = ()) -> Training:
    training = Training(created_by=user, **fields)
    _refuse_unless_may_keep(training, user)
    validated(training, exclude=["created_by"])
    training.save()
    training.staff.set(staff)
    return training


@transaction.atomic
def training_update(
    *,
    training: Training,
    user: User,
    fields: TrainingFields,
    staff: Sequence[User] | None = None,
) -> Training:
    _refuse_unless_may_keep(training, user)
    before = field_values(training, TRACKED)
    for name, value in fields.items():
        setattr(training, name, value)
    _refuse_unless_may_keep(training, user)
    validated(training, exclude=["created_by"])
    training.save()
    if staff is not None:
        training.staff.set(staff)
    changes = changes_between(before, field_values(training, TRACKED))
    if changes:
        TrainingEdit.objects.create(training=training, actor=user, changes=changes)
    return training
