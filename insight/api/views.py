"""The gap analysis, the indicator comparison of a commitment or a need, and a need's donor
match over HTTP. Everyone signed in reads them, as their pages; the figures come from
``insight.gaps``, ``insight.comparison`` and ``insight.donor_match``, whose reads are set-wise."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import utils as filter_utils
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from commitments.filters import CommitmentFilter
from commitments.models import Commitment
from core.filters import FilterBackend, StrictBooleanFilter
from insight.api.serializers import ComparisonSerializer, DonorMatchSerializer, GapSerializer
from insight.comparison import commitment_comparison, need_comparison
from insight.donor_match import donor_matches
from insight.gaps import gap_analysis
from needs.models import Need


class GapFilter(CommitmentFilter):
    """The gap page's filters: the register's framework and unit (responsible for the
    commitment or one of the others responsible), and only what nothing answers yet."""

    # The register's other filters are not the page's.
    status = None  # type: ignore[assignment]
    deadline_from = None  # type: ignore[assignment]
    deadline_to = None  # type: ignore[assignment]
    text = None  # type: ignore[assignment]
    unanswered = StrictBooleanFilter(method="after_the_analysis", label=_("No answer yet only"))

    class Meta:
        model = Commitment
        fields = ["framework", "unit", "unanswered"]

    def after_the_analysis(
        self, queryset: QuerySet[Commitment], name: str, value: bool | None
    ) -> QuerySet[Commitment]:
        """Whether anything answers a commitment is known once the analysis is done."""
        return queryset


class CommitmentGapViewSet(viewsets.GenericViewSet[Commitment]):
    filterset_class = GapFilter
    filter_backends = [FilterBackend]
    serializer_class = GapSerializer

    def get_queryset(self) -> QuerySet[Commitment]:
        return Commitment.objects.all()

    @extend_schema(operation_id="commitment_gaps")
    def list(self, request: Request) -> Response:
        """Commitments off track, at risk or whose indicators lag their target paths, the most
        urgent first (off track, at risk, lagging; then the nearest deadline), each with the
        open needs, live opportunities and active projects answering it."""
        filters: django_filters.FilterSet = FilterBackend().get_filterset(
            request, self.get_queryset(), self
        )
        if not filters.is_valid():
            raise filter_utils.translate_validation(filters.errors)
        gaps = gap_analysis(filters.qs)
        if filters.form.cleaned_data.get("unanswered"):
            gaps = [gap for gap in gaps if not gap.answered]
        page = self.paginate_queryset(gaps)  # type: ignore[arg-type]
        return self.get_paginated_response(GapSerializer(page, many=True).data)


class _Reading(viewsets.ViewSet):
    filter_backends: list[Any] = []
    pagination_class = None


class CommitmentComparisonViewSet(_Reading):
    @extend_schema(operation_id="commitment_comparison", responses=ComparisonSerializer)
    def comparison(self, request: Request, pk: int) -> Response:
        """Every live opportunity and active project serving the commitment, side by side,
        with what each expects for each of the commitment's indicators."""
        commitment = get_object_or_404(Commitment.objects.select_related("framework"), pk=pk)
        return Response(ComparisonSerializer(commitment_comparison(commitment)).data)


class NeedInsightViewSet(_Reading):
    def _need(self, pk: int) -> Need:
        return get_object_or_404(Need.objects.prefetch_related("commitments"), pk=pk)

    @extend_schema(operation_id="need_comparison", responses=ComparisonSerializer)
    def comparison(self, request: Request, pk: int) -> Response:
        """Every live opportunity and active project serving the need's commitments, and those
        linked to the need itself, side by side."""
        return Response(ComparisonSerializer(need_comparison(self._need(pk))).data)

    @extend_schema(operation_id="need_donor_match", responses=DonorMatchSerializer(many=True))
    def donor_match(self, request: Request, pk: int) -> Response:
        """The active donors whose priorities match the need (a framework of its commitments,
        its DAC sector, a theme in its title or description), those with the most reasons
        first, each with the projects it took part in before in the need's sector."""
        matches = donor_matches(self._need(pk))
        return Response(DonorMatchSerializer(matches, many=True).data)


# The routes, placed before the registers' own (``commitments/gaps/`` is no commitment's id).
gaps = CommitmentGapViewSet.as_view({"get": "list"})
commitment_comparison_view = CommitmentComparisonViewSet.as_view({"get": "comparison"})
need_comparison_view = NeedInsightViewSet.as_view({"get": "comparison"})
need_donor_match_view = NeedInsightViewSet.as_view({"get": "donor_match"})
