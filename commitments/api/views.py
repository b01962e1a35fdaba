"""The commitment register, the frameworks and donors' priorities over HTTP. Views parse and
render; services decide.

The status reports handed in on a commitment are obligations' submissions, so
``/api/commitments/{id}/reports/`` is served from the obligation register's app
(``projects.api.views.CommitmentReportViewSet``). The gap analysis and the indicator
comparison read what serves a commitment from the apps above this one (``insight.api``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from commitments import selectors
from commitments.api.serializers import (
    CommitmentSerializer,
    DonorPrioritiesSerializer,
    FrameworkSerializer,
)
from commitments.filters import CommitmentFilter
from commitments.models import Commitment, DonorPriority, Framework
from commitments.permissions import can_keep_commitments, can_keep_donor_priorities
from commitments.services import (
    commitment_create,
    commitment_update,
    donor_priorities_set,
    framework_create,
    framework_update,
)
from core.api.permissions import WritersFirstMixin
from core.api.registers import ServiceUpdateMixin, ServiceViewSet, kept_by
from core.auth import signed_in_user
from core.models import Donor

_KEEPERS = gettext_lazy(
    "Only the department's coordinators and administrators keep the commitments."
)
_PRIORITY_KEEPERS = gettext_lazy(
    "Only the department's coordinators and administrators keep donors' priorities."
)


class CommitmentViewSet(ServiceViewSet[Commitment]):
    """The state's commitments with their indicators and latest actuals: read by everyone
    signed in, kept by the department and the administrators."""

    serializer_class = CommitmentSerializer
    writers = kept_by((can_keep_commitments, _KEEPERS))
    create_service = commitment_create
    update_service = commitment_update
    service_item = "commitment"
    reread_after_write = True
    filterset_class = CommitmentFilter
    ordering_fields = ["reference", "deadline", "status"]
    ordering = ["framework__position", "framework__code", "reference"]

    def get_queryset(self) -> QuerySet[Commitment]:
        return selectors.commitment_register()


class FrameworkViewSet(
    WritersFirstMixin,
    ServiceUpdateMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Framework],
):
    """The frameworks commitments come from, each with how many commitments it holds: read by
    everyone signed in, kept by the department and the administrators. PATCH edits with the
    version ``If-Match`` asks for; a framework's code stays as it was recorded."""

    serializer_class = FrameworkSerializer
    writers = kept_by((can_keep_commitments, _KEEPERS))
    update_service = framework_update
    service_item = "framework"
    reread_after_write = True
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["family", "is_active"]
    search_fields = ["code", "name_ka", "name_en"]
    ordering_fields = ["position", "code"]
    ordering = ["position", "code"]

    def get_queryset(self) -> QuerySet[Framework]:
        return Framework.objects.annotate(commitment_count=Count("commitments"))

    def perform_create(self, serializer: Any) -> None:
        self.reread(serializer, framework_create(**self.service_arguments(serializer)))


class DonorPrioritiesViewSet(WritersFirstMixin, viewsets.GenericViewSet[Donor]):
    """What a donor gives to (frameworks, DAC sectors, themes): read by everyone signed in, as
    the donors' page shows it; replaced whole by the department and the administrators."""

    serializer_class = DonorPrioritiesSerializer
    writers = {"update": (can_keep_donor_priorities, _PRIORITY_KEEPERS)}
    filter_backends: list[Any] = []
    pagination_class = None

    def get_queryset(self) -> QuerySet[Donor]:
        rows = DonorPriority.objects.select_related("framework").order_by("id")
        return Donor.objects.prefetch_related(Prefetch("priorities", queryset=rows))

    def _answer(self, donor: Donor) -> Response:
        data = {"donor": donor.pk, "priorities": donor.priorities.all()}
        return Response(self.get_serializer(data).data)

    @extend_schema(operation_id="donor_priorities_retrieve")
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(self.get_object())

    @extend_schema(operation_id="donor_priorities_update", responses=DonorPrioritiesSerializer)
    def update(self, request: Request, pk: str | None = None) -> Response:
        donor = self.get_object()
        serializer = DonorPrioritiesSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        donor_priorities_set(
            donor=donor, user=signed_in_user(request), **serializer.service_arguments()
        )
        return self._answer(self.get_queryset().get(pk=donor.pk))
