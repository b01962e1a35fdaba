"""Shapes of opportunities on the wire. Validation of types only; rules live in services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.api.strict import (
    StrictCharField,
    StrictDecimalField,
    StrictModelSerializer,
    StrictPrimaryKeyRelatedField,
)
from core.bounds import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, date_in_window
from core.codelists import CURRENCY_CHOICES
from core.models import OrganisationalUnit
from workflow.models import (
    CoordinationMeeting,
    KeyPerformanceIndicator,
    Opportunity,
    TransitionLog,
)


class KpiSerializer(StrictModelSerializer[KeyPerformanceIndicator]):
    class Meta:
        model = KeyPerformanceIndicator
        # ``serves``: the commitment indicator the KPI contributes to (its id), or null.
        fields = ["name", "unit", "baseline", "target", "serves"]


class OpportunitySerializer(StrictModelSerializer[Opportunity]):
    kpis = KpiSerializer(many=True, required=False)
    beneficiary_units = StrictPrimaryKeyRelatedField(
        many=True, required=False, queryset=OrganisationalUnit.objects.all()
    )
    donor_name = StrictCharField(source="donor.name", read_only=True)
    owning_unit_name = StrictCharField(source="owning_unit.name", read_only=True)
    state_label = StrictCharField(source="get_state_display", read_only=True)
    # Empty until the item closes or funding is confirmed; declared so the schema says so.
    closing_outcome = serializers.ChoiceField(
        choices=Opportunity.Outcome.choices, allow_blank=True, read_only=True
    )
    confirmed_currency = serializers.ChoiceField(
        choices=CURRENCY_CHOICES, allow_blank=True, read_only=True
    )

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "version",
            "reference",
            "title",
            "description",
            "kind",
            "donor",
            "donor_name",
            "owning_unit",
            "owning_unit_name",
            "beneficiary_units",
            "estimated_value",
            "currency",
            "application_deadline",
            "need",
            "expected_results",
            "monitoring_periodicity",
            "kpis",
            "state",
            "state_label",
            "closing_outcome",
            "presented_at",
            "ird_recommendation",
            "confirmed_amount",
            "confirmed_currency",
            "funding_start_date",
            "created_at",
            "updated_at",
        ]
        # The recommendation is written with the move ``present`` (and corrected on the page).
        read_only_fields = [
            "reference",
            "state",
            "closing_outcome",
            "presented_at",
            "ird_recommendation",
            "confirmed_amount",
            "confirmed_currency",
            "funding_start_date",
            "created_at",
            "updated_at",
        ]

    def service_arguments(self) -> dict[str, Any]:
        """Split validated data into the keyword arguments the services take."""
        fields = dict(self.validated_data)
        parts = {name: fields.pop(name) for name in ("beneficiary_units", "kpis") if name in fields}
        return {"fields": fields, **parts}


class TransitionRequestSerializer(serializers.Serializer[Any]):
    comment = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)
    meeting = StrictPrimaryKeyRelatedField(
        queryset=CoordinationMeeting.objects.all(), required=False, allow_null=True
    )
    confirmed_amount = StrictDecimalField(
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=AMOUNT_DECIMAL_PLACES,
        required=False,
        allow_null=True,
    )
    confirmed_currency = serializers.ChoiceField(
        choices=CURRENCY_CHOICES, required=False, allow_blank=True, default=""
    )
    start_date = serializers.DateField(required=False, allow_null=True, validators=[date_in_window])
    # With ``present``: the department's recommendation to top management.
    ird_recommendation = StrictCharField(
        required=False, allow_blank=True, default="", max_length=10000
    )


class TransitionLogSerializer(StrictModelSerializer[TransitionLog]):
    actor = StrictCharField(source="actor.display_name", read_only=True)

    class Meta:
        model = TransitionLog
        fields = ["id", "transition", "from_state", "to_state", "actor", "at", "comment"]
