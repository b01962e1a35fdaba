"""Register imports over HTTP: upload for a dry run, read its report, then import."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.parsers import MultipartCreateMixin
from core.auth import signed_in_user
from imports.api.serializers import (
    ImportBatchSerializer,
    ImportRunSerializer,
    ImportUploadSerializer,
)
from imports.models import ImportBatch
from imports.permissions import can_import_registers
from imports.services import import_apply, import_check, read_upload


class KeepsRegisters(BasePermission):
    message = gettext_lazy("Only the department's coordinators import registers.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return can_import_registers(request.user)


class ImportViewSet(
    MultipartCreateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ImportBatch],
):
    """Files of projects, obligations, needs or trainings; the department's coordinators only."""

    serializer_class = ImportBatchSerializer
    filterset_fields = ["register", "state"]
    ordering = ["-uploaded_at", "-id"]

    permission_classes = [KeepsRegisters]

    def get_queryset(self) -> QuerySet[ImportBatch]:
        return ImportBatch.objects.defer("content")

    @extend_schema(request=ImportUploadSerializer, responses={201: ImportBatchSerializer})
    def create(self, request: Request) -> Response:
        """Upload a file: it is checked (a dry run) and kept with its report; nothing is written."""
        payload = ImportUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        batch = import_check(
            user=signed_in_user(request),
            register=payload.validated_data["register"],
            file_name=upload.name or "",
            content=read_upload(upload),
        )
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ImportRunSerializer, responses=ImportBatchSerializer)
    @action(detail=True, methods=["post"], url_path="import")
    def run(self, request: Request, pk: str | None = None) -> Response:
        """Import a checked file. 400 when rows are refused and ``valid_rows_only`` is false;
        409 when it was imported before."""
        payload = ImportRunSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        batch = import_apply(
            batch=self.get_object(),
            user=signed_in_user(request),
            valid_rows_only=payload.validated_data["valid_rows_only"],
        )
        return Response(ImportBatchSerializer(batch).data)
