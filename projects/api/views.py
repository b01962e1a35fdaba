"""The project and obligation registers over HTTP. Views parse and render; services decide."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.serializers import AvailableTransitionSerializer, available_transitions_data
from core.auth import signed_in_user
from projects import selectors
from projects.api.serializers import (
    ObligationLogSerializer,
    ObligationSerializer,
    ObligationTransitionSerializer,
    ProjectSerializer,
)
from projects.filters import ObligationFilter, ProjectFilter
from projects.models import Obligation, Project
from projects.services.obligations import obligation_create, obligation_transition


class ProjectViewSet(viewsets.ReadOnlyModelViewSet[Project]):
    """The project register, readable by everyone signed in."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    ordering_fields = ["actual_start", "planned_start", "title_ka", "next_report_due"]
    ordering = ["-actual_start", "-id"]

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.project_register()


class ObligationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Obligation],
):
    """The obligation register. IRD records obligations; statuses change only by transitions."""

    serializer_class = ObligationSerializer
    filterset_class = ObligationFilter
    ordering_fields = ["due_date", "state"]
    ordering = ["due_date", "id"]

    def get_queryset(self) -> QuerySet[Obligation]:
        return selectors.obligation_register()

    def perform_create(self, serializer: ObligationSerializer) -> None:  # type: ignore[override]
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = obligation_create(
            project=project,
            user=signed_in_user(self.request),
            fields=data,  # type: ignore[arg-type]
        )

    @extend_schema(responses=AvailableTransitionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="transitions", pagination_class=None)
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        """The moves you may make now."""
        return Response(available_transitions_data(self.get_object(), request.user))

    @extend_schema(
        request=ObligationTransitionSerializer,
        responses=ObligationSerializer,
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def run_transition(self, request: Request, pk: str | None = None, name: str = "") -> Response:
        """Submit (with ``report``), accept, return or waive (with ``comment``).
        403: role; 409: status or a concurrent change; 400: what is missing."""
        obligation = self.get_object()
        payload = ObligationTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        obligation_transition(
            obligation=obligation,
            user=signed_in_user(request),
            name=name,
            comment=data["comment"],
            report=data["report"],
        )
        return Response(ObligationSerializer(self.get_queryset().get(pk=obligation.pk)).data)

    @extend_schema(responses=ObligationLogSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        logs = self.get_object().logs.select_related("actor")
        return Response(ObligationLogSerializer(logs, many=True).data)
