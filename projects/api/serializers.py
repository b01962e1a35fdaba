from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commitments.models import Commitment
from core.api.strict import (
    StrictCharField,
    StrictChoiceField,
    StrictDecimalField,
    StrictIntegerField,
    StrictModelSerializer,
    StrictPrimaryKeyRelatedField,
)
from core.bounds import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS
from core.models import OrganisationalUnit
from projects.models import (
    Area,
    BudgetLine,
    Obligation,
    ObligationLog,
    ProgressReport,
    Project,
    ProjectParticipant,
    ProjectResult,
    ProjectSector,
    ResultIndicator,
)
from projects.selectors import budget_totals
from projects.services.commitment_reports import HandedInReport


class ParticipantSerializer(StrictModelSerializer[ProjectParticipant]):
    organisation = StrictCharField(source="__str__", read_only=True)

    class Meta:
        model = ProjectParticipant
        fields = ["role", "donor", "unit", "name", "organisation"]


class SectorSerializer(StrictModelSerializer[ProjectSector]):
    class Meta:
        model = ProjectSector
        fields = ["code", "percentage"]


class BudgetLineSerializer(StrictModelSerializer[BudgetLine]):
    class Meta:
        model = BudgetLine
        fields = ["kind", "amount", "currency", "period_start", "period_end"]


class IndicatorSerializer(StrictModelSerializer[ResultIndicator]):
    actuals = serializers.SerializerMethodField()

    class Meta:
        model = ResultIndicator
        fields = ["id", "title", "measure", "baseline", "target", "actuals"]
        read_only_fields = ["id"]

    def get_actuals(self, indicator: ResultIndicator) -> list[dict[str, Any]]:
        return [
            {"period_start": a.period_start, "period_end": a.period_end, "value": str(a.value)}
            for a in indicator.actuals.all()
        ]


class ResultSerializer(StrictModelSerializer[ProjectResult]):
    indicators = IndicatorSerializer(many=True, required=False)

    class Meta:
        model = ProjectResult
        fields = ["title", "description", "indicators"]


class ProjectSerializer(StrictModelSerializer[Project]):
    """A register entry with its parts. On a write, each part given (participants, sectors,
    budget lines, results, target areas) replaces the stored one; a part left out is kept."""

    PARTS = ("participants", "sectors", "budget_lines", "results", "target_areas")

    participants = ParticipantSerializer(many=True, required=False)
    sectors = SectorSerializer(many=True, required=False)
    budget_lines = BudgetLineSerializer(many=True, required=False)
    budget_totals = serializers.SerializerMethodField()
    results = ResultSerializer(many=True, required=False)
    target_areas = StrictPrimaryKeyRelatedField(
        many=True, required=False, queryset=Area.objects.all()
    )
    public_fields = serializers.ListField(
        child=serializers.ChoiceField(choices=Project.PUBLISHABLE_FIELDS), required=False
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "version",
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

        read_only_fields = ["opportunity"]

    def to_internal_value(self, data: Any) -> Any:
        values = super().to_internal_value(data)
        if self.partial:
            # A part given replaces the stored one, so it must be whole even in a PATCH:
            # DRF would pass a partial flag down and let its rows miss required fields.
            for name in self.PARTS:
                field = self.fields[name]
                if name in data and isinstance(field, serializers.ListSerializer):
                    item: Any = type(field.child)
                    whole = item(data=data[name], many=True, context=self.context)
                    if not whole.is_valid():
                        raise serializers.ValidationError({name: whole.errors})
        return values

    def get_budget_totals(self, project: Project) -> dict[str, str]:
        return {currency: f"{total:.2f}" for currency, total in budget_totals(project).items()}

    def service_arguments(self) -> dict[str, Any]:
        fields = dict(self.validated_data)
        parts = {name: fields.pop(name) for name in self.PARTS if name in fields}
        return {"fields": fields, "parts": parts}


class ObligationSerializer(StrictModelSerializer[Obligation]):
    """An obligation owed under a project or under a commitment: exactly one of the two."""

    responsible_unit = StrictPrimaryKeyRelatedField(queryset=OrganisationalUnit.objects.all())

    class Meta:
        model = Obligation
        fields = [
            "id",
            "version",
            "project",
            "commitment",
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
    comment = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)
    report = StrictCharField(required=False, allow_blank=True, default="", max_length=20000)


class ObligationLogSerializer(StrictModelSerializer[ObligationLog]):
    actor = StrictCharField(source="actor.display_name", read_only=True)

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


class ProgressActualSerializer(serializers.Serializer[Any]):
    indicator = StrictPrimaryKeyRelatedField(queryset=ResultIndicator.objects.all())
    # The bounds of the model's field, as on the page (the service checks them for both).
    value = StrictDecimalField(max_digits=AMOUNT_MAX_DIGITS, decimal_places=AMOUNT_DECIMAL_PLACES)


class ProgressReportSerializer(StrictModelSerializer[ProgressReport]):
    actuals = ProgressActualSerializer(many=True, required=False)
    submitted_by = StrictCharField(source="submitted_by.display_name", read_only=True)
    decided_by = StrictCharField(
        source="decided_by.display_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "due_date",
            "period_start",
            "period_end",
            "progress",
            "problems",
            "next_steps",
            "actuals",
            "state",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_comment",
        ]
        read_only_fields = [
            "due_date",
            "state",
            "submitted_at",
            "decided_at",
            "decision_comment",
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data["actuals"] = {row["indicator"]: row["value"] for row in data.pop("actuals", [])}
        return data


class DecisionSerializer(serializers.Serializer[Any]):
    comment = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)


class ReportedValueSerializer(serializers.Serializer[Any]):
    """A value a status report gives an indicator of the commitment: a number written as text
    ("45.5"), yes or no, or words, as the indicator is measured."""

    indicator = StrictIntegerField()
    name = StrictCharField(source="indicator.name", read_only=True)
    value = StrictCharField(max_length=400, allow_blank=True)


class DecisionTakenSerializer(serializers.Serializer[Any]):
    transition = serializers.CharField()
    by = serializers.CharField(source="actor.display_name")
    at = serializers.DateTimeField()
    comment = serializers.CharField()


class CommitmentReportSerializer(serializers.Serializer[Any]):
    """A commitment's status report as handed in, and how the department decided on it
    (``decision`` is null while it waits)."""

    id = serializers.IntegerField(source="submission.pk", read_only=True)
    obligation = serializers.IntegerField(source="submission.obligation_id", read_only=True)
    due_date = serializers.DateField(source="submission.due_date", read_only=True)
    report = serializers.CharField(source="submission.report", read_only=True)
    assessment = serializers.ChoiceField(
        source="submission.assessment",
        choices=[(c.value, c.label) for c in Commitment.ASSESSMENTS],
        read_only=True,
    )
    values = serializers.SerializerMethodField()
    submitted_by = serializers.CharField(
        source="submission.submitted_by.display_name", read_only=True
    )
    submitted_at = serializers.DateTimeField(source="submission.submitted_at", read_only=True)
    decision = DecisionTakenSerializer(read_only=True, allow_null=True)

    @extend_schema_field(ReportedValueSerializer(many=True))
    def get_values(self, handed_in: HandedInReport) -> list[dict[str, Any]]:
        return [
            {
                "indicator": row.indicator_id,
                "name": row.indicator.name,
                "value": row.text if row.value is None else f"{row.value.normalize():f}",
            }
            for row in handed_in.submission.indicator_values.all()
        ]


class CommitmentReportInputSerializer(serializers.Serializer[Any]):
    report = StrictCharField(max_length=20000, allow_blank=True)
    assessment = StrictChoiceField(
        choices=[(c.value, c.label) for c in Commitment.ASSESSMENTS], allow_blank=True
    )
    values = ReportedValueSerializer(many=True, required=False)

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data["values"] = {row["indicator"]: row["value"] for row in data.pop("values", [])}
        return data
