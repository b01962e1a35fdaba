"""The training record: the list with totals per unit and year, a training's page and its
form, on the shared unit-record pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trainings import selectors
from trainings.filters import TrainingFilter
from trainings.models import Training
from trainings.permissions import can_keep_training, can_record_trainings
from trainings.services import training_create, training_update
from web.documents.exports import training_list_xlsx
from web.forms.trainings import TrainingForm
from web.shared.unit_records import UnitRecordPages


def _totals(rows: QuerySet[Training]) -> dict[str, Any]:
    return {"totals": selectors.totals_by_unit_and_year(rows)}


TRAININGS = UnitRecordPages(
    model=Training,
    name="training",
    plural="trainings",
    heading=_("Trainings"),
    new_heading=_("New training"),
    title_field="name",
    may_add=can_record_trainings,
    may_keep=can_keep_training,
    rows=selectors.training_list,
    filters=TrainingFilter,
    ordering=["-start_date", "-id"],
    export=training_list_xlsx,
    form=TrainingForm,
    create=training_create,
    update=training_update,
    list_extra=_totals,
    sortable={
        "name": ("name",),
        "organiser": ("organiser",),
        "unit": ("unit__name_ka",),
        "dates": ("start_date", "end_date"),
        "place": ("country", "place"),
        "women": ("women",),
        "men": ("men",),
    },
)

urlpatterns = TRAININGS.urlpatterns()
