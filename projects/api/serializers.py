from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.models import OrganisationalUnit
from projects.models import (
    BudgetLine,
    Obligation,
    ObligationLog,
    Project,
    ProjectParticipant,
    ProjectResult,
    ProjectSector,
    ResultIndicator,
)
from projects.selectors import budget_totals


class ParticipantSerializer(serializers.ModelSerializer[ProjectParticipant]):
    organisation = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = ProjectParticipant
        fields = ["role", "donor", "unit", "name", "organisation"]


class SectorSerializer(serializers.ModelSerializer[ProjectSector]):
    class Meta:
        model = ProjectSector
        fields = ["code", "percentage"]


class BudgetLineSerializer(serializers.ModelSerializer[BudgetLine]):
    class Meta:
        model = BudgetLine
        fields = ["kind", "amount", "currency", "period_start", "period_end"]


class IndicatorSerializer(serializers.ModelSerializer[ResultIndicator]):
    actuals = serializers.SerializerMethodField()

    class Meta:
        model = ResultIndicator
        fields = ["id", "title", "measure", "baseline", "target", "actuals"]

    def get_actuals(self, indicator: ResultIndicator) -> list[dict[str, Any]]:
        return [
            {"period_start": a.period_start, "period_end": a.period_end, "value": str(a.value)}
            for a in indicator.actuals.all()
        ]


class ResultSerializer(serializers.ModelSerializer[ProjectResult]):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = ProjectResult
        fields = ["title", "description", "indicators"]


class ProjectSerializer(serializers.ModelSerializer[Project]):
    participants = ParticipantSerializer(many=True, read_only=True)
    sectors = SectorSerializer(many=True, read_only=True)
    budget_lines = BudgetLineSerializer(many=True, read_only=True)
    budget_totals = serializers.SerializerMethodField()
    results = ResultSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "title_ka",
            "title_en",
            "opportunity",
            "status",
            "participants",
            "target_areas",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "budget_lines",
            "budget_totals",
            "sectors",
            "goal",
            "components",
            "expected_results",
            "results",
            "report_periodicity",
            "next_report_due",
            "is_public",
            "public_fields",
        ]

    def get_budget_totals(self, project: Project) -> dict[str, str]:
        return {currency: f"{total:.2f}" for currency, total in budget_totals(project).items()}


class ObligationSerializer(serializers.ModelSerializer[Obligation]):
    responsible_unit = serializers.PrimaryKeyRelatedField(queryset=OrganisationalUnit.objects.all())

    class Meta:
        model = Obligation
        fields = [
            "id",
            "project",
            "kind",
            "description",
            "responsible_unit",
            "due_date",
            "recurrence",
            "every_days",
            "state",
            "next_reminder_at",
            "next_escalation_at",
        ]
        read_only_fields = ["state", "next_reminder_at", "next_escalation_at"]


class ObligationTransitionSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    report = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)


class ObligationLogSerializer(serializers.ModelSerializer[ObligationLog]):
    actor = serializers.CharField(source="actor.display_name", read_only=True)

    class Meta:
        model = ObligationLog
        fields = [
            "id",
            "transition",
            "from_state",
            "to_state",
            "due_date",
            "actor",
            "at",
            "comment",
        ]
