"""The project and obligation registers over HTTP. Views parse and render; services decide."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.history import EditHistoryMixin
from core.api.permissions import WritersFirstMixin
from core.api.registers import ServiceViewSet, kept_by
from core.api.serializers import AvailableTransitionSerializer, available_transitions_data
from core.api.versions import IF_MATCH, ConditionalWriteMixin
from core.auth import signed_in_user
from core.errors import ActionForbidden
from core.lifecycle import permitted_transition
from projects import permissions as may
from projects import selectors
from projects.api.serializers import (
    DecisionSerializer,
    ObligationLogSerializer,
    ObligationSerializer,
    ObligationTransitionSerializer,
    ProgressReportSerializer,
    ProjectSerializer,
)
from projects.filters import ObligationFilter, ProjectFilter
from projects.models import Obligation, ProgressReport, Project
from projects.services.obligations import obligation_create, obligation_transition
from projects.services.progress import progress_report_decide, progress_report_submit
from projects.services.projects import project_create, project_update

_PROJECTS = gettext_lazy("Only the department's coordinators keep the project register.")
_REPORTERS = gettext_lazy(
    "Progress is reported by the participating units' focal points and the department."
)
_OBLIGATIONS = gettext_lazy("Only the department's coordinators keep the obligation register.")


class ProjectViewSet(ServiceViewSet[Project]):
    """The project register: read by everyone signed in, kept by the department."""

    serializer_class = ProjectSerializer
    writers = kept_by((may.can_keep_register, _PROJECTS))
    create_service = project_create
    update_service = project_update
    service_item = "project"
    reread_after_write = True
    filterset_class = ProjectFilter
    ordering_fields = ["actual_start", "planned_start", "title_ka", "next_report_due"]
    ordering = ["-actual_start", "-id"]

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.project_register()

    @extend_schema(methods=["GET"], responses=ProgressReportSerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"],
        request=ProgressReportSerializer,
        responses={201: ProgressReportSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="progress-reports",
        pagination_class=None,
        filterset_class=None,
    )
    def progress_reports(self, request: Request, pk: str | None = None) -> Response:
        """The project's progress reports; POST hands in the one now due (409 if none is)."""
        project = self.get_object()
        if request.method == "GET":
            reports = project.progress_reports.select_related(
                "submitted_by", "decided_by"
            ).prefetch_related("actuals")
            return Response(ProgressReportSerializer(reports, many=True).data)
        if not may.can_report_progress(project, request.user):
            # Judged before the body is read: who may not report learns that, not its errors.
            raise ActionForbidden(str(_REPORTERS))
        payload = ProgressReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = progress_report_submit(
            project=project, user=signed_in_user(request), **payload.service_arguments()
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="projects_progress_reports_decide",
        request=DecisionSerializer,
        responses=ProgressReportSerializer,
        parameters=[
            OpenApiParameter("report", int, OpenApiParameter.PATH),
            OpenApiParameter("name", str, OpenApiParameter.PATH),
        ],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"progress-reports/(?P<report>[0-9]+)/(?P<name>[a-z_]+)",
        filterset_class=None,
    )
    def decide_progress_report(
        self, request: Request, pk: str | None = None, report: str = "", name: str = ""
    ) -> Response:
        """``accept`` or ``return_for_revision`` (with ``comment``); 403, 409 and 400 as for
        every transition."""
        chosen = get_object_or_404(ProgressReport, pk=report, project_id=self.get_object().pk)
        permitted_transition(chosen, request.user, name)  # 403 before 400
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        progress_report_decide(
            report=chosen,
            user=signed_in_user(request),
            name=name,
            comment=payload.validated_data["comment"],
        )
        return Response(ProgressReportSerializer(chosen).data)


class ObligationViewSet(
    WritersFirstMixin,
    ConditionalWriteMixin,
    EditHistoryMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Obligation],
):
    """The obligation register. IRD records obligations; statuses change only by transitions."""

    serializer_class = ObligationSerializer
    writers = {"create": (may.can_keep_register, _OBLIGATIONS)}
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
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH), IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def run_transition(self, request: Request, pk: str | None = None, name: str = "") -> Response:
        """Submit (with ``report``), accept, return or waive (with ``comment``).
        403: role; 409: status or a concurrent change; 400: what is missing; 412: the
        obligation is no longer the version ``If-Match`` names."""
        obligation = self.get_object()
        expected_version = self.if_match(obligation)
        # Who may make this move is said before what the body lacks (403 before 400).
        permitted_transition(obligation, request.user, name)
        payload = ObligationTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        obligation_transition(
            obligation=obligation,
            user=signed_in_user(request),
            name=name,
            comment=data["comment"],
            report=data["report"],
            expected_version=expected_version,
        )
        return Response(ObligationSerializer(self.get_queryset().get(pk=obligation.pk)).data)

    @extend_schema(responses=ObligationLogSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        logs = self.get_object().logs.select_related("actor")
        return Response(ObligationLogSerializer(logs, many=True).data)
