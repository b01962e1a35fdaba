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

from commitments.models import Commitment
from commitments.permissions import can_report_on
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
    CommitmentReportInputSerializer,
    CommitmentReportSerializer,
    DecisionSerializer,
    ObligationLogSerializer,
    ObligationSerializer,
    ObligationTransitionSerializer,
    ProgressReportSerializer,
    ProjectSerializer,
)
from projects.filters import ObligationFilter, ProjectFilter
from projects.models import Obligation, ProgressReport, Project
from projects.services.commitment_reports import (
    commitment_report_submit,
    reports_handed_in,
    status_report_due,
)
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
        # Owed under a project or a commitment; the service refuses anything but exactly one.
        project, commitment = data.pop("project", None), data.pop("commitment", None)
        serializer.instance = obligation_create(
            project=project,
            commitment=commitment,
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


_COMMITMENT_REPORTERS = gettext_lazy(
    "Commitments are reported on by the responsible unit's focal points and the department."
)


@extend_schema(parameters=[OpenApiParameter("commitment", int, OpenApiParameter.PATH)])
class CommitmentReportViewSet(ConditionalWriteMixin, viewsets.GenericViewSet[Commitment]):
    """``/api/commitments/{id}/reports/``: a commitment's status reports. They are submissions
    of the commitment's status-report obligation, so they are served here, beside the
    obligation register."""

    serializer_class = CommitmentReportSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Commitment]:
        return Commitment.objects.select_related("framework")

    def commitment(self) -> Commitment:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["commitment"])

    @extend_schema(responses=CommitmentReportSerializer(many=True))
    def list(self, request: Request, commitment: str = "") -> Response:
        """The status reports handed in, newest first: assessment, values, who, when, and how
        the department decided (accept, return_for_revision or waive; null while it waits)."""
        reports = reports_handed_in(self.commitment())
        return Response(CommitmentReportSerializer(reports, many=True).data)

    @extend_schema(
        request=CommitmentReportInputSerializer,
        responses={201: CommitmentReportSerializer},
        parameters=[IF_MATCH],
    )
    def create(self, request: Request, commitment: str = "") -> Response:
        """Hand in the status report now due. 403: not the responsible unit's focal point nor
        the department; 409: no report due now; 400: what is missing; 412: ``If-Match`` names
        another version of the status-report obligation than the stored one."""
        chosen = self.commitment()
        if not can_report_on(chosen, request.user):
            # Judged before the body is read: who may not report learns that, not its errors.
            raise ActionForbidden(str(_COMMITMENT_REPORTERS))
        due = status_report_due(chosen)
        expected_version = self.if_match(due) if due is not None else None
        payload = CommitmentReportInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        submission = commitment_report_submit(
            commitment=chosen,
            user=signed_in_user(request),
            expected_version=expected_version,
            **payload.service_arguments(),
        )
        handed_in = next(r for r in reports_handed_in(chosen) if r.submission.pk == submission.pk)
        return Response(CommitmentReportSerializer(handed_in).data, status=status.HTTP_201_CREATED)
