"""The viewsets of the registers kept through services, set up once.

A register's viewset names its services; creating and editing call them with who writes and
what the body says (the serializer's ``service_arguments``), and an edit also with the version
``If-Match`` asked for. The services decide; the viewset parses and renders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django.db.models import Model
from rest_framework import mixins, viewsets

from core.api.history import EditHistoryMixin
from core.api.permissions import Rule, WritersFirstMixin
from core.api.versions import ConditionalUpdateMixin
from core.auth import signed_in_user

M = TypeVar("M", bound=Model)


def kept_by(rule: Rule) -> dict[str, Rule]:
    """``writers`` for a register whose creating and editing the same people may do."""
    return {"create": rule, "update": rule, "partial_update": rule}


class ServiceUpdateMixin(ConditionalUpdateMixin):
    """Edits through ``update_service``, which takes the record by the keyword
    ``service_item`` (``project=``…), ``service_arguments`` and ``expected_version``. With
    ``reread_after_write`` the answer shows the record as the register's queryset reads it."""

    update_service: ClassVar[Callable[..., object]]
    service_item: ClassVar[str]
    reread_after_write: ClassVar[bool] = False

    def service_arguments(self, serializer: Any) -> dict[str, Any]:
        """What the services take besides the record: who writes and what the body says."""
        return {"user": signed_in_user(self.request), **serializer.service_arguments()}  # type: ignore[attr-defined]

    def reread(self, serializer: Any, record: Model) -> None:
        serializer.instance = (
            self.get_queryset().get(pk=record.pk)  # type: ignore[attr-defined]
            if self.reread_after_write
            else record
        )

    def perform_update(self, serializer: Any) -> None:
        record = serializer.instance
        assert record is not None
        type(self).update_service(
            **{self.service_item: record},
            **self.service_arguments(serializer),
            expected_version=self.expected_version(),
        )
        self.reread(serializer, record)


class ServiceViewSet(
    WritersFirstMixin,
    ServiceUpdateMixin,
    EditHistoryMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[M],
):
    """A register read by everyone signed in, created through ``create_service`` and edited
    through ``update_service``; ``writers`` says who may write at all (403 before 400)."""

    create_service: ClassVar[Callable[..., Model]]

    def perform_create(self, serializer: Any) -> None:
        created = type(self).create_service(**self.service_arguments(serializer))
        self.reread(serializer, created)
