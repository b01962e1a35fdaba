"""The shopping list over HTTP. Views parse and render; services decide."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.registers import ServiceViewSet, kept_by
from core.filters import FilterBackend
from needs import selectors
from needs.api.serializers import NeedSerializer
from needs.filters import NeedFilter
from needs.models import Need
from needs.permissions import can_keep_needs
from needs.services import need_create, need_update
from workflow.api.serializers import OpportunitySerializer

_KEEPERS = gettext_lazy(
    "Needs are kept by the department and by the responsible unit's focal points."
)


class NeedViewSet(ServiceViewSet[Need]):
    """Needs on the shopping list; the department and the responsible unit's focal points
    keep them. The commitments a need serves, and the opportunities and projects answering
    it, are lists of their ids; ``sector`` is its DAC purpose code."""

    serializer_class = NeedSerializer
    writers = kept_by((can_keep_needs, _KEEPERS))
    create_service = need_create
    update_service = need_update
    service_item = "need"
    filterset_class = NeedFilter
    ordering_fields = ["title", "priority", "status"]
    ordering = ["title"]

    def get_queryset(self) -> QuerySet[Need]:
        return selectors.need_list()

    @extend_schema(
        responses=NeedSerializer(many=True),
        parameters=[OpenApiParameter("ordering", exclude=True)],
    )
    @action(detail=False, methods=["get"], url_path="gaps", pagination_class=None)
    def gaps(self, request: Request) -> Response:
        """Needs still open that no live opportunity and no project answers, most pressing first;
        the register's filters and search narrow them."""
        rows = selectors.needs_without_support()
        for backend in (FilterBackend, SearchFilter):
            rows = backend().filter_queryset(request, rows, self)
        return Response(NeedSerializer(rows, many=True).data)

    @extend_schema(responses=OpportunitySerializer(many=True))
    @action(
        detail=False,
        methods=["get"],
        url_path="unanswering-opportunities",
        pagination_class=None,
        filterset_class=None,
    )
    def unanswering_opportunities(self, request: Request) -> Response:
        """Live opportunities that answer no need on the shopping list."""
        rows = selectors.opportunities_without_need()
        return Response(OpportunitySerializer(rows, many=True).data)
