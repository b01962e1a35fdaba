"""The action plans over HTTP. Views parse and render; services decide.

- ``/api/action-plans/``: list, read, create, edit (``If-Match``) a plan; ``edits`` its history.
- ``/api/action-plans/{id}/sections/``: the plan's sections; POST adds one.
- ``/api/action-plans/{id}/sections/{section}/``: one section; PATCH (``If-Match``) renumbers
  or retitles it, its activities renumbered with it.
- ``/api/action-plans/{id}/activities/``: the plan's activities with their quarterly reports;
  POST adds one under a section of the plan.
- ``/api/action-plans/{id}/activities/{activity}/``: one activity; PATCH (``If-Match``)
  corrects it. Neither a section nor an activity is deleted over the API.
- ``/api/action-plans/{id}/activities/{activity}/reports/``: an activity's quarterly reports;
  POST reports a quarter (201), or corrects a quarter already reported (200, kept in the
  report's history; ``If-Match`` names the version of the quarter's report corrected, ``"0"``
  a quarter not reported yet). Only the responsible unit's focal points report (403).

A version conflict on a section, an activity or a report answers 412 with that record as
stored now, as every other conditional write does with its own record.
- ``/api/action-plans/{id}/copy/``: POST makes next year's plan from this one (201).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from actionplans import permissions as may
from actionplans import selectors
from actionplans.api.serializers import (
    ActionPlanSerializer,
    ActivityReportSerializer,
    ActivitySerializer,
    SectionSerializer,
)
from actionplans.filters import ActionPlanFilter
from actionplans.models import ActionPlan, Activity, ActivityReport, PlanSection
from actionplans.services import (
    activity_add,
    activity_report,
    activity_update,
    plan_copy,
    plan_create,
    plan_update,
    section_add,
    section_update,
)
from core.api.registers import ServiceViewSet, kept_by
from core.api.versions import IF_MATCH
from core.auth import signed_in_user
from core.errors import ActionForbidden

_KEEPERS = gettext_lazy(
    "A unit's plan is kept by its focal points and head, and the department's plan by the "
    "department's coordinators."
)
_REPORTERS = gettext_lazy(
    "An activity's status is reported by its responsible unit's focal points."
)


@dataclass(frozen=True)
class _StoredNow:
    """Stands in for the view when a write to a record under the plan (a section, an activity,
    a quarter's report) meets a version conflict: the 412 then carries that record as stored
    now, not the plan the address starts with."""

    detail: ClassVar[bool] = True
    read: Callable[[], Model]
    serializer: type[BaseSerializer[Any]]

    def get_object(self) -> Model:
        return self.read()

    def get_serializer(self, record: Model) -> BaseSerializer[Any]:
        return self.serializer(record)


_ACTIVITY = OpenApiParameter("activity", int, OpenApiParameter.PATH)
_SECTION = OpenApiParameter("section", int, OpenApiParameter.PATH)


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

    # The record under the plan a write is about, for the answer to a version conflict.
    _stored_now: _StoredNow | None = None

    def get_queryset(self) -> QuerySet[ActionPlan]:
        return selectors.plan_list().prefetch_related("sections")

    def _refuse_unless_keeps(self, plan: ActionPlan) -> None:
        # Judged before the body is read: who may not write learns that, not its errors.
        if not may.can_keep_plan(plan, self.request.user):
            raise ActionForbidden(str(_KEEPERS))

    def _conflicts_show(
        self, read: Callable[[], Model], serializer: type[BaseSerializer[Any]]
    ) -> None:
        """A version conflict from here on answers with what ``read`` finds stored now."""
        self._stored_now = _StoredNow(read=read, serializer=serializer)

    def get_exception_handler_context(self) -> dict[str, Any]:
        context = super().get_exception_handler_context()
        if self._stored_now is not None:
            context["view"] = self._stored_now
        return context

    def _section(self, plan: ActionPlan, section: str) -> PlanSection:
        return get_object_or_404(PlanSection.objects.select_related("plan"), pk=section, plan=plan)

    def _activity(self, plan: ActionPlan, activity: str) -> Activity:
        return get_object_or_404(selectors.activities_of(plan), pk=activity)

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

    @extend_schema(
        methods=["GET"],
        operation_id="action_plans_sections_retrieve",
        responses=SectionSerializer,
        request=None,
        parameters=[_SECTION],
    )
    @extend_schema(
        methods=["PATCH"],
        operation_id="action_plans_sections_partial_update",
        request=SectionSerializer(partial=True),
        responses=SectionSerializer,
        parameters=[_SECTION, IF_MATCH],
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"sections/(?P<section>[0-9]+)",
        pagination_class=None,
        filterset_class=None,
    )
    def section_detail(
        self, request: Request, pk: str | None = None, section: str = ""
    ) -> Response:
        """One section; PATCH renumbers or retitles it (``number``, ``title``), its activities
        renumbered with it (1.2 → 1.3 makes 1.2.1 → 1.3.1). 403: not who keeps the plan;
        412: ``If-Match`` names another version than the stored one; 400: what is wrong."""
        plan = self.get_object()
        chosen = self._section(plan, section)
        if request.method == "GET":
            return Response(SectionSerializer(chosen).data)
        self._refuse_unless_keeps(plan)
        self._conflicts_show(lambda: self._section(plan, section), SectionSerializer)
        expected_version = self.if_match(chosen)
        payload = SectionSerializer(chosen, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        section_update(
            section=chosen,
            user=signed_in_user(request),
            fields=payload.service_arguments(),  # type: ignore[arg-type]
            expected_version=expected_version,
        )
        return Response(SectionSerializer(self._section(plan, section)).data)

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
        operation_id="action_plans_activities_retrieve",
        responses=ActivitySerializer,
        request=None,
        parameters=[_ACTIVITY],
    )
    @extend_schema(
        methods=["PATCH"],
        operation_id="action_plans_activities_partial_update",
        request=ActivitySerializer(partial=True),
        responses=ActivitySerializer,
        parameters=[_ACTIVITY, IF_MATCH],
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"activities/(?P<activity>[0-9]+)",
        pagination_class=None,
        filterset_class=None,
    )
    def activity_detail(
        self, request: Request, pk: str | None = None, activity: str = ""
    ) -> Response:
        """One activity with its quarterly reports; PATCH corrects the fields it names (links
        given replace the stored ones; a number must sit under the activity's section). 403:
        not who keeps the plan; 412: ``If-Match`` names another version than the stored one;
        400: what is wrong."""
        plan = self.get_object()
        chosen = self._activity(plan, activity)
        if request.method == "GET":
            return Response(ActivitySerializer(chosen).data)
        self._refuse_unless_keeps(plan)
        self._conflicts_show(lambda: self._activity(plan, activity), ActivitySerializer)
        expected_version = self.if_match(chosen)
        payload = ActivitySerializer(chosen, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        activity_update(
            activity=chosen,
            user=signed_in_user(request),
            expected_version=expected_version,
            **payload.service_arguments(),
        )
        return Response(ActivitySerializer(self._activity(plan, activity)).data)

    @extend_schema(
        methods=["GET"],
        operation_id="action_plans_activities_reports_list",
        responses=ActivityReportSerializer(many=True),
        request=None,
        parameters=[_ACTIVITY],
    )
    @extend_schema(
        methods=["POST"],
        operation_id="action_plans_activities_reports_create",
        request=ActivityReportSerializer,
        responses={200: ActivityReportSerializer, 201: ActivityReportSerializer},
        parameters=[_ACTIVITY, IF_MATCH],
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
        way or past): 201 when new, 200 when it corrects the quarter's report. ``If-Match``
        names the version of the quarter's report as last read, ``"0"`` for a quarter not
        reported yet; 412 when someone else reported or corrected the quarter meanwhile."""
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
        quarters = ActivityReport.objects.filter(activity=chosen, quarter=arguments["quarter"])
        stored = quarters.first()
        self._conflicts_show(
            lambda: get_object_or_404(quarters.select_related("reported_by")),
            ActivityReportSerializer,
        )
        # A quarter not reported yet counts as version 0, so "0" refuses a report made meanwhile.
        expected_version = self.if_match(stored or ActivityReport(version=0))
        report = activity_report(
            activity=chosen,
            user=signed_in_user(request),
            expected_version=expected_version,
            **arguments,
        )
        return Response(
            ActivityReportSerializer(report).data,
            status=status.HTTP_201_CREATED if stored is None else status.HTTP_200_OK,
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
