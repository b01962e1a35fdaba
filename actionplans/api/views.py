"""The action plans over HTTP. Views parse and render; services decide.

- ``/api/action-plans/``: list, read, create, edit (``If-Match``) a plan; ``edits`` its history.
- ``/api/action-plans/{id}/sections/``: the plan's sections; POST adds one.
- ``/api/action-plans/{id}/activities/``: the plan's activities with their quarterly reports;
  POST adds one under a section of the plan.
- ``/api/action-plans/{id}/activities/{activity}/reports/``: an activity's quarterly reports;
  POST reports a quarter (201), or corrects a quarter already reported (200, kept in the
  report's history). Only the responsible unit's focal points report (403).
- ``/api/action-plans/{id}/copy/``: POST makes next year's plan from this one (201).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from actionplans import permissions as may
from actionplans import selectors
from actionplans.api.serializers import (
    ActionPlanSerializer,
    ActivityReportSerializer,
    ActivitySerializer,
    SectionSerializer,
)
from actionplans.filters import ActionPlanFilter
from actionplans.models import ActionPlan, Activity, ActivityReport
from actionplans.services import (
    activity_add,
    activity_report,
    plan_copy,
    plan_create,
    plan_update,
    section_add,
)
from core.api.registers import ServiceViewSet, kept_by
from core.auth import signed_in_user
from core.errors import ActionForbidden

_KEEPERS = gettext_lazy(
    "A unit's plan is kept by its focal points and head, and the department's plan by the "
    "department's coordinators."
)
_REPORTERS = gettext_lazy(
    "An activity's status is reported by its responsible unit's focal points."
)


class ActionPlanViewSet(ServiceViewSet[ActionPlan]):
    """The annual action plans of the department and the units; everyone signed in reads them."""

    serializer_class = ActionPlanSerializer
    writers = kept_by((may.can_keep_any_plan, _KEEPERS))
    create_service = plan_create
    update_service = plan_update
    service_item = "plan"
    reread_after_write = True
    filterset_class = ActionPlanFilter
    ordering_fields = ["year", "title"]
    ordering = ["-year", "id"]

    def get_queryset(self) -> QuerySet[ActionPlan]:
        return selectors.plan_list().prefetch_related("sections")

    def _refuse_unless_keeps(self, plan: ActionPlan) -> None:
        # Judged before the body is read: who may not write learns that, not its errors.
        if not may.can_keep_plan(plan, self.request.user):
            raise ActionForbidden(str(_KEEPERS))

    @extend_schema(methods=["GET"], responses=SectionSerializer(many=True), request=None)
    @extend_schema(methods=["POST"], request=SectionSerializer, responses={201: SectionSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def sections(self, request: Request, pk: str | None = None) -> Response:
        """The plan's sections in the order of their numbers; POST adds one (``1.2``)."""
        plan = self.get_object()
        if request.method == "GET":
            return Response(SectionSerializer(plan.sections.order_by("position"), many=True).data)
        self._refuse_unless_keeps(plan)
        payload = SectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        section = section_add(
            plan=plan, user=signed_in_user(request), **payload.service_arguments()
        )
        return Response(SectionSerializer(section).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ActivitySerializer(many=True), request=None)
    @extend_schema(
        methods=["POST"], request=ActivitySerializer, responses={201: ActivitySerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def activities(self, request: Request, pk: str | None = None) -> Response:
        """The plan's activities with their quarterly reports; POST adds one under one of the
        plan's sections (its number one level under the section's: 1.2.3 under 1.2)."""
        plan = self.get_object()
        if request.method == "GET":
            return Response(ActivitySerializer(selectors.activities_of(plan), many=True).data)
        self._refuse_unless_keeps(plan)
        payload = ActivitySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        activity = activity_add(
            plan=plan, user=signed_in_user(request), **payload.service_arguments()
        )
        fresh = selectors.activities_of(plan).get(pk=activity.pk)
        return Response(ActivitySerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        operation_id="action_plans_activities_reports_list",
        responses=ActivityReportSerializer(many=True),
        request=None,
        parameters=[OpenApiParameter("activity", int, OpenApiParameter.PATH)],
    )
    @extend_schema(
        methods=["POST"],
        operation_id="action_plans_activities_reports_create",
        request=ActivityReportSerializer,
        responses={200: ActivityReportSerializer, 201: ActivityReportSerializer},
        parameters=[OpenApiParameter("activity", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path=r"activities/(?P<activity>[0-9]+)/reports",
        pagination_class=None,
        filterset_class=None,
    )
    def reports(self, request: Request, pk: str | None = None, activity: str = "") -> Response:
        """An activity's quarterly reports; POST reports a quarter (``quarter`` 1–4, one under
        way or past): 201 when new, 200 when it corrects the quarter's report."""
        chosen: Activity = get_object_or_404(
            Activity.objects.select_related("plan"), pk=activity, plan_id=self.get_object().pk
        )
        if request.method == "GET":
            rows = chosen.reports.select_related("reported_by").order_by("quarter")
            return Response(ActivityReportSerializer(rows, many=True).data)
        if not may.can_report_on(chosen, request.user):
            raise ActionForbidden(str(_REPORTERS))
        payload = ActivityReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        arguments: dict[str, Any] = payload.service_arguments()
        existed = ActivityReport.objects.filter(
            activity=chosen, quarter=arguments["quarter"]
        ).exists()
        report = activity_report(activity=chosen, user=signed_in_user(request), **arguments)
        return Response(
            ActivityReportSerializer(report).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={201: ActionPlanSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def copy(self, request: Request, pk: str | None = None) -> Response:
        """Next year's plan from this one: its sections and activities a year on, no reports."""
        plan = self.get_object()
        self._refuse_unless_keeps(plan)
        made = plan_copy(plan=plan, user=signed_in_user(request))
        fresh = self.get_queryset().get(pk=made.pk)
        return Response(ActionPlanSerializer(fresh).data, status=status.HTTP_201_CREATED)
