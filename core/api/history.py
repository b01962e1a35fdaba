"""The ``edits`` endpoint every register shares: who changed which fields, from what to what."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response


class FieldEditSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    actor = serializers.CharField(source="actor.display_name", read_only=True)
    at = serializers.DateTimeField(read_only=True)
    changes = serializers.DictField(
        child=serializers.ListField(), read_only=True, help_text="field → [old, new]"
    )


class EditHistoryMixin:
    """For viewsets whose model keeps a ``FieldEditRecord`` under ``edits``."""

    @extend_schema(responses=FieldEditSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def edits(self, request: Request, pk: str | None = None) -> Response:
        """Field edits: who changed which fields, from what to what."""
        record = self.get_object()  # type: ignore[attr-defined]
        rows = record.edits.select_related("actor").order_by("at", "id")
        return Response(FieldEditSerializer(rows, many=True).data)
