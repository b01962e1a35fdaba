"""IATI imports over HTTP: upload a donor's file (202: it is read in the background), follow
its reading, page through its activities and register several as opportunities."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.parsers import MultipartCreateMixin
from core.auth import signed_in_user
from iati import selectors
from iati.api.serializers import (
    ActivityFilterSerializer,
    IatiActivitySerializer,
    IatiAdoptSerializer,
    IatiImportQueuedSerializer,
    IatiImportSerializer,
    IatiUploadSerializer,
)
from iati.models import IatiImport
from iati.permissions import can_import_iati
from iati.reading import iati_import_create, refuse_declared_size
from iati.services import iati_activities_adopt
from workflow.api.serializers import OpportunitySerializer


class ImportsIati(BasePermission):
    message = gettext_lazy("Only the department's coordinators import IATI files.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return can_import_iati(request.user)


class IatiImportViewSet(
    MultipartCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[IatiImport],
):
    """Donors' IATI files; the department's coordinators only."""

    serializer_class = IatiImportSerializer
    permission_classes = [ImportsIati]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[IatiImport]:
        return IatiImport.objects.all()

    @extend_schema(request=IatiUploadSerializer, responses={202: IatiImportQueuedSerializer})
    def create(self, request: Request) -> Response:
        """Upload a file: it is kept and read in the background; follow it at its address."""
        refuse_declared_size(request.META.get("CONTENT_LENGTH"))  # before the body is read
        payload = IatiUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        batch = iati_import_create(
            user=signed_in_user(request), file_name=upload.name or "", file=upload
        )
        return Response(IatiImportQueuedSerializer(batch).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        parameters=[
            OpenApiParameter("held", bool, description="true: already in the register"),
            OpenApiParameter("status", str, description="IATI activity status code"),
            OpenApiParameter("country", str, description="recipient country code"),
            OpenApiParameter("q", str, description="text in the identifier or a title"),
        ],
        responses=IatiActivitySerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def activities(self, request: Request, pk: str | None = None) -> Response:
        """The file's activities in file order, a page at a time; empty until it is read."""
        chosen = ActivityFilterSerializer(data=request.query_params)
        chosen.is_valid(raise_exception=True)
        rows = selectors.import_activities(self.get_object(), chosen.to_filter())
        paginator = self.paginator
        assert paginator is not None
        page = selectors.with_holders(paginator.paginate_queryset(rows, request, view=self) or [])
        return paginator.get_paginated_response(IatiActivitySerializer(page, many=True).data)

    @extend_schema(request=IatiAdoptSerializer, responses={201: OpportunitySerializer(many=True)})
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str | None = None) -> Response:
        """Register the chosen activities as opportunities (identified), all or none."""
        batch = self.get_object()
        payload = IatiAdoptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        opportunities = iati_activities_adopt(
            iati_import=batch,
            identifiers=payload.validated_data["identifiers"],
            user=signed_in_user(request),
            owning_unit=payload.validated_data["owning_unit"],
            donor=payload.validated_data.get("donor"),
            kind=payload.validated_data["kind"],
        )
        data = OpportunitySerializer(opportunities, many=True, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)
