"""The opportunity register over HTTP. Views parse and render; services decide."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.registers import ServiceViewSet, kept_by
from core.api.serializers import AvailableTransitionSerializer, available_transitions_data
from core.api.versions import IF_MATCH
from core.auth import signed_in_user
from core.lifecycle import permitted_transition
from workflow import permissions as may
from workflow import selectors, services
from workflow.api import register_list
from workflow.api.serializers import (
    OpportunitySerializer,
    TransitionLogSerializer,
    TransitionRequestSerializer,
)
from workflow.filters import SEARCH_FIELDS, OpportunityFilter
from workflow.models import Opportunity

_REGISTERS = gettext_lazy("Only focal points and the department may register opportunities.")


class OpportunityViewSet(ServiceViewSet[Opportunity]):
    """The unified register. Everyone signed in reads it; states change only by transitions."""

    serializer_class = OpportunitySerializer
    writers = kept_by((may.can_create_any, _REGISTERS))
    create_service = services.opportunity_create
    update_service = services.opportunity_update
    service_item = "opportunity"
    filterset_class = OpportunityFilter
    search_fields = SEARCH_FIELDS
    ordering_fields = [
        "reference",
        "title",
        "application_deadline",
        "created_at",
        "estimated_value",
        "state",
    ]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Opportunity]:
        return selectors.opportunity_register()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A page of many items is shaped from plain rows; see register_list for why.
        filtered = self.filter_queryset(Opportunity.objects.all())
        page = self.paginate_queryset(register_list.Rows(filtered))  # type: ignore[arg-type]
        assert page is not None  # the register is always paginated
        return self.get_paginated_response(register_list.shape(cast(list[register_list.Row], page)))

    @extend_schema(responses=AvailableTransitionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="transitions", pagination_class=None)
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        """The transitions you may run now; a guard-blocked one lists what is missing."""
        return Response(available_transitions_data(self.get_object(), request.user))

    @extend_schema(
        request=TransitionRequestSerializer,
        responses=OpportunitySerializer,
        parameters=[OpenApiParameter("name", str, OpenApiParameter.PATH), IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[a-z_]+)")
    def run_transition(self, request: Request, pk: str | None = None, name: str = "") -> Response:
        """Run a transition. 403: role; 409: state or a concurrent change; 400: what is missing;
        412: the item is no longer the version ``If-Match`` names."""
        opportunity = self.get_object()
        expected_version = self.if_match(opportunity)
        # Who may make this move is said before what the body lacks (403 before 400).
        permitted_transition(opportunity, request.user, name)
        payload = TransitionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        services.opportunity_transition(
            opportunity=opportunity,
            user=signed_in_user(request),
            name=name,
            comment=data["comment"],
            meeting=data.get("meeting"),
            confirmed_amount=data.get("confirmed_amount"),
            confirmed_currency=data["confirmed_currency"],
            funding_start_date=data.get("start_date"),
            ird_recommendation=data["ird_recommendation"],
            expected_version=expected_version,
        )
        fresh = self.get_queryset().get(pk=opportunity.pk)
        return Response(OpportunitySerializer(fresh).data, status=status.HTTP_200_OK)

    @extend_schema(responses=TransitionLogSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The transition log: who moved the item, when, from which state to which, and why."""
        logs = selectors.opportunity_history(self.get_object())
        return Response(TransitionLogSerializer(logs, many=True).data)
