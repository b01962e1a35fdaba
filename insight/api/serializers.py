"""The gap analysis, the indicator comparison and a need's donor match over HTTP: thin
renderings of what ``insight.gaps``, ``insight.comparison`` and ``insight.donor_match`` find.
Records are named by id with the few fields a list needs; their own endpoints say the rest."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commitments.api.serializers import LatestActualSerializer
from insight.comparison import Column
from insight.gaps import Gap, Urgency

Serializer = serializers.Serializer[Any]


def _amount(source: str | None = None) -> serializers.DecimalField:
    """A figure as text ("12.50"), as the commitments' own endpoint gives it; none unknown."""
    return serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True, source=source)


class CommitmentBriefSerializer(Serializer):
    id = serializers.IntegerField()
    framework = serializers.IntegerField(source="framework_id")
    framework_code = serializers.CharField(source="framework.code")
    reference = serializers.CharField()
    text_ka = serializers.CharField()
    text_en = serializers.CharField()
    # The codes of the commitment's own ``status`` (GET /api/commitments/{id}/).
    status = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    responsible_unit = serializers.IntegerField(source="responsible_unit_id")


class DonorBriefSerializer(Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AmountSerializer(Serializer):
    value = _amount()
    currency = serializers.CharField()


# --- The gap analysis ---------------------------------------------------------------------


class LagSerializer(Serializer):
    """An indicator behind its target path: its latest figure and where the path stands."""

    indicator = serializers.IntegerField(source="indicator.pk")
    name = serializers.CharField(source="indicator.name")
    actual = _amount("actual.value")
    period_end = serializers.DateField(source="actual.period_end")
    expected = _amount()


class NeedBriefSerializer(Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    responsible_unit = serializers.IntegerField(source="responsible_unit_id")


class OpportunityBriefSerializer(Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField()
    donor = DonorBriefSerializer()
    application_deadline = serializers.DateField(allow_null=True)


class ProjectBriefSerializer(Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="title_ka")
    status = serializers.CharField()


class GapSerializer(Serializer):
    """A weak point: the commitment, why (off track, at risk, or indicators lagging their
    target path), and the open needs, live opportunities and active projects answering it."""

    commitment = CommitmentBriefSerializer()
    urgency = serializers.SerializerMethodField()
    urgency_label = serializers.SerializerMethodField()
    lags = LagSerializer(many=True)
    answered = serializers.BooleanField()
    needs = NeedBriefSerializer(many=True, source="answers.needs")
    opportunities = OpportunityBriefSerializer(many=True, source="answers.opportunities")
    projects = ProjectBriefSerializer(many=True, source="answers.projects")

    @extend_schema_field(
        serializers.ChoiceField(choices=[urgency.name.lower() for urgency in Urgency])
    )
    def get_urgency(self, gap: Gap) -> str:
        return gap.urgency.name.lower()

    def get_urgency_label(self, gap: Gap) -> str:
        return str(gap.urgency.label)


# --- The indicator comparison -------------------------------------------------------------


class ContributionSerializer(Serializer):
    """What one KPI or result indicator of an item expects for a commitment indicator."""

    indicator = serializers.IntegerField()
    name = serializers.CharField()
    baseline = _amount()
    target = _amount()
    unit = serializers.CharField()


class ColumnSerializer(Serializer):
    """One live opportunity or active project serving the commitment(s)."""

    kind = serializers.ChoiceField(choices=["opportunity", "project"])
    id = serializers.IntegerField(source="item.pk")
    title = serializers.CharField()
    reference = serializers.CharField()
    donors = DonorBriefSerializer(many=True)
    state = serializers.CharField()
    amounts = AmountSerializer(many=True)
    amount_confirmed = serializers.BooleanField()
    contributions = serializers.SerializerMethodField()

    @extend_schema_field(ContributionSerializer(many=True))
    def get_contributions(self, column: Column) -> list[dict[str, Any]]:
        rows = [
            {"indicator": indicator_id, **vars(contribution)}
            for indicator_id, contributions in column.contributions.items()
            for contribution in contributions
        ]
        return list(ContributionSerializer(rows, many=True).data)


class ComparedIndicatorSerializer(Serializer):
    """A commitment indicator with its latest actual and where its target path stands."""

    id = serializers.IntegerField(source="indicator.pk")
    commitment = serializers.IntegerField(source="indicator.commitment_id")
    name = serializers.CharField(source="indicator.name")
    # The codes of the indicator's own ``measure`` (GET /api/commitments/{id}/).
    measure = serializers.CharField(source="indicator.measure")
    baseline = _amount("indicator.baseline")
    target = _amount("indicator.target")
    target_date = serializers.DateField(source="indicator.target_date", allow_null=True)
    latest_actual = LatestActualSerializer(source="latest", allow_null=True)
    expected_today = _amount("expected")


class ComparisonSerializer(Serializer):
    """Every live opportunity and active project serving the commitment(s), side by side:
    ``indicators`` are the commitments' indicators, ``columns`` the items, each with what it
    expects for those indicators (``contributions``, by indicator id)."""

    commitments = CommitmentBriefSerializer(many=True)
    indicators = ComparedIndicatorSerializer(many=True, source="rows")
    columns = ColumnSerializer(many=True)


# --- A need's donor match -----------------------------------------------------------------


class ReasonSerializer(Serializer):
    kind = serializers.ChoiceField(choices=["framework", "sector", "theme"])
    # Declared fields leave the class when it is built: this "label" is the key, not Field.label.
    label = serializers.CharField()  # type: ignore[assignment]


class PriorProjectSerializer(Serializer):
    id = serializers.IntegerField(source="project.pk")
    title = serializers.CharField(source="project.title_ka")
    start = serializers.IntegerField(allow_null=True)
    end = serializers.IntegerField(allow_null=True)
    amounts = AmountSerializer(many=True)


class DonorMatchSerializer(Serializer):
    """An active donor whose priorities match the need, why, and the projects it took part in
    before in the need's sector."""

    donor = DonorBriefSerializer()
    reasons = ReasonSerializer(many=True)
    funded = PriorProjectSerializer(many=True)
