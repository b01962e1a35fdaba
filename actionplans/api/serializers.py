"""The action plans as the API reads and writes them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actionplans.models import ActionPlan, Activity, ActivityReport, PlanSection
from core.api.strict import (
    StrictCharField,
    StrictModelSerializer,
)


class SectionSerializer(StrictModelSerializer[PlanSection]):
    """A numbered heading of the plan; its version is sent back as ``If-Match`` to edit it."""

    class Meta:
        model = PlanSection
        fields = ["id", "version", "number", "title"]
        validators: list[Any] = []  # the services refuse a number the plan already has

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.validated_data)


class ActionPlanSerializer(StrictModelSerializer[ActionPlan]):
    """A plan: its year, whose it is (``unit`` null: the department's), its title; read with
    its sections."""

    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = ActionPlan
        fields = ["id", "version", "year", "unit", "title", "copied_from", "sections"]
        read_only_fields = ["copied_from"]
        extra_kwargs = {"title": {"required": False, "allow_blank": True}}
        validators: list[Any] = []  # one plan per unit and year: the services say so

    def service_arguments(self) -> dict[str, Any]:
        return {"fields": dict(self.validated_data)}


class ActivityReportSerializer(StrictModelSerializer[ActivityReport]):
    reported_by = StrictCharField(source="reported_by.display_name", read_only=True)

    class Meta:
        model = ActivityReport
        fields = [
            "id",
            "version",
            "quarter",
            "status",
            "progress",
            "actual",
            "reported_by",
            "reported_at",
        ]
        validators: list[Any] = []  # reporting a quarter again corrects its report

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.validated_data)


class ActivitySerializer(StrictModelSerializer[Activity]):
    """An activity as the plan prints it, what it serves (ids), and its quarterly reports."""

    reports = ActivityReportSerializer(many=True, read_only=True)
    finished = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "version",
            *Activity.EDITABLE_FIELDS,
            "reports",
            "finished",
        ]
        validators: list[Any] = []  # the services refuse a number the plan already has

    @extend_schema_field(serializers.BooleanField())
    def get_finished(self, activity: Activity) -> bool:
        return activity.finished()

    def service_arguments(self) -> dict[str, Any]:
        fields = dict(self.validated_data)
        links = {
            name: fields.pop(name)
            for name in ("commitments", "needs", "projects")
            if name in fields
        }
        return {"fields": fields, **links}
