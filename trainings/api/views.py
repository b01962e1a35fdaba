"""The training record over HTTP. Views parse and render; services decide."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.history import EditHistoryMixin
from core.api.permissions import WritersFirstMixin
from core.api.versions import ConditionalUpdateMixin
from core.auth import signed_in_user
from trainings import selectors
from trainings.api.serializers import TrainingSerializer, TrainingTotalsSerializer
from trainings.filters import TrainingFilter
from trainings.models import Training
from trainings.permissions import can_record_trainings
from trainings.services import training_create, training_update

_KEEPERS = gettext_lazy("Trainings are recorded by the department and by the unit's focal points.")


class TrainingViewSet(
    WritersFirstMixin,
    ConditionalUpdateMixin,
    EditHistoryMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Training],
):
    """Trainings the staff took part in; the department and the unit's focal points record them."""

    serializer_class = TrainingSerializer
    writers = {
        "create": (can_record_trainings, _KEEPERS),
        "update": (can_record_trainings, _KEEPERS),
        "partial_update": (can_record_trainings, _KEEPERS),
    }
    filterset_class = TrainingFilter
    ordering_fields = ["start_date", "name"]
    ordering = ["-start_date", "-id"]

    def get_queryset(self) -> QuerySet[Training]:
        return selectors.training_list()

    def perform_create(self, serializer: TrainingSerializer) -> None:  # type: ignore[override]
        arguments = serializer.service_arguments()
        serializer.instance = training_create(
            user=signed_in_user(self.request),
            fields=arguments["fields"],
            staff=arguments["staff"] or (),
        )

    def perform_update(self, serializer: TrainingSerializer) -> None:  # type: ignore[override]
        assert serializer.instance is not None
        training_update(
            training=serializer.instance,
            user=signed_in_user(self.request),
            **serializer.service_arguments(),
            expected_version=self.expected_version(),
        )

    @extend_schema(responses=TrainingTotalsSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def totals(self, request: Request) -> Response:
        """Totals per unit and year of the trainings the filters select."""
        rows = selectors.totals_by_unit_and_year(self.filter_queryset(self.get_queryset()))
        return Response(TrainingTotalsSerializer(rows, many=True).data)
