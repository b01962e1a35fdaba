"""The training record over HTTP. Views parse and render; services decide."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.registers import ServiceViewSet, kept_by
from trainings import selectors
from trainings.api.serializers import TrainingSerializer, TrainingTotalsSerializer
from trainings.filters import TrainingFilter
from trainings.models import Training
from trainings.permissions import can_record_trainings
from trainings.services import training_create, training_update

_KEEPERS = gettext_lazy("Trainings are recorded by the department and by the unit's focal points.")


class TrainingViewSet(ServiceViewSet[Training]):
    """Trainings the staff took part in; the department and the unit's focal points record them."""

    serializer_class = TrainingSerializer
    writers = kept_by((can_record_trainings, _KEEPERS))
    create_service = training_create
    update_service = training_update
    service_item = "training"
    filterset_class = TrainingFilter
    ordering_fields = ["start_date", "name"]
    ordering = ["-start_date", "-id"]

    def get_queryset(self) -> QuerySet[Training]:
        return selectors.training_list()

    @extend_schema(responses=TrainingTotalsSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request: Request) -> Response:
        """Totals per unit and year of the trainings the filters select."""
        rows = selectors.totals_by_unit_and_year(self.filter_queryset(self.get_queryset()))
        return Response(TrainingTotalsSerializer(rows, many=True).data)
