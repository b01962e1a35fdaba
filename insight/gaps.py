"""The gap analysis: the commitments that are weak points, and whether anything answers them.

A commitment is a weak point when its status says it is off track or at risk, or when one of
its numeric indicators lags its target path today (``Indicator.lags`` with the latest reported
figure). It is answered when an open need serves it, or a live opportunity or an active project
does — through a need that serves it, or through a KPI or result indicator whose ``serves`` is
one of its indicators. Every read here is set-wise: the number of queries does not grow with
the number of commitments.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum
from typing import Generic, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, Indicator, IndicatorValue
from commitments.selectors import latest_actuals
from core.codelists import ActivityStatus
from needs.models import Need
from projects.models import Project, ResultIndicator
from workflow.models import KeyPerformanceIndicator, Opportunity

Item = TypeVar("Item", Opportunity, Project)

# Projects that still answer a commitment: planned, running or finishing. A closed, cancelled
# or suspended project no longer does.
ACTIVE_PROJECT_STATUSES = (
    ActivityStatus.PIPELINE,
    ActivityStatus.IMPLEMENTATION,
    ActivityStatus.FINALISATION,
)


class Urgency(IntEnum):
    """The order of the gap analysis: the worst first."""

    OFF_TRACK = 0
    AT_RISK = 1
    LAGGING = 2

    @property
    def label(self) -> str | Promise:
        return URGENCY_LABELS[self]


URGENCY_LABELS = {
    Urgency.OFF_TRACK: Commitment.Status.OFF_TRACK.label,
    Urgency.AT_RISK: Commitment.Status.AT_RISK.label,
    Urgency.LAGGING: _("Indicators lag their target path"),
}
_STATUS_URGENCY: dict[str, Urgency] = {
    Commitment.Status.OFF_TRACK: Urgency.OFF_TRACK,
    Commitment.Status.AT_RISK: Urgency.AT_RISK,
}


@dataclass(frozen=True)
class Lag:
    """An indicator behind its target path: its latest figure, and where the path stands."""

    indicator: Indicator
    actual: IndicatorValue
    expected: Decimal


@dataclass
class Answers:
    """What answers a commitment: open needs, live opportunities, active projects."""

    needs: list[Need] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.needs or self.opportunities or self.projects)


@dataclass(frozen=True)
class Gap:
    commitment: Commitment
    urgency: Urgency
    lags: list[Lag]
    answers: Answers

    @property
    def answered(self) -> bool:
        return bool(self.answers)


# --- What the figures say -----------------------------------------------------------------


def _on_a_path() -> Q:
    """Indicators whose target path is fully known, so that they can lag it."""
    return Q(
        measure__in=Indicator.NUMERIC,
        baseline__isnull=False,
        target__isnull=False,
        baseline_date__isnull=False,
        target_date__isnull=False,
    )


def _lags(indicators: Iterable[Indicator], day: datetime.date) -> dict[int, list[Lag]]:
    """The indicators that lag on ``day``, by commitment."""
    indicators = list(indicators)
    latest = latest_actuals([indicator.pk for indicator in indicators])
    lags: dict[int, list[Lag]] = defaultdict(list)
    for indicator in indicators:
        actual = latest.get(indicator.pk)
        expected = indicator.expected_on(day)
        if actual is not None and expected is not None and indicator.lags(actual, day):
            lags[indicator.commitment_id].append(Lag(indicator, actual, expected))
    return lags


# --- What serves a commitment -------------------------------------------------------------


def serving_opportunities(commitment_ids: Collection[int]) -> dict[int, set[int]]:
    """The live opportunities serving each commitment (ids by commitment id): linked to a
    need that serves it, or with a KPI that serves one of its indicators."""
    through_needs = Need.opportunities.through.objects.filter(
        need__commitments__in=commitment_ids
    ).exclude(opportunity__state__in=Opportunity.FINISHED)
    through_kpis = KeyPerformanceIndicator.objects.filter(
        serves__commitment_id__in=commitment_ids
    ).exclude(opportunity__state__in=Opportunity.FINISHED)
    return _pairs(
        through_needs.values_list("need__commitments", "opportunity_id"),
        through_kpis.values_list("serves__commitment_id", "opportunity_id"),
    )


def serving_projects(commitment_ids: Collection[int]) -> dict[int, set[int]]:
    """The active projects serving each commitment (ids by commitment id): linked to a need
    that serves it, or with a result indicator that serves one of its indicators."""
    through_needs = Need.projects.through.objects.filter(
        need__commitments__in=commitment_ids, project__status__in=ACTIVE_PROJECT_STATUSES
    )
    through_results = ResultIndicator.objects.filter(
        serves__commitment_id__in=commitment_ids,
        result__project__status__in=ACTIVE_PROJECT_STATUSES,
    )
    return _pairs(
        through_needs.values_list("need__commitments", "project_id"),
        through_results.values_list("serves__commitment_id", "result__project_id"),
    )


def _pairs(*rows: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for pairs in rows:
        for commitment_id, item_id in pairs:
            found[commitment_id].add(item_id)
    return found


class _Ordered(Generic[Item]):
    """Rows read once in their order, picked out by id for each commitment in that order."""

    def __init__(self, rows: Iterable[Item]) -> None:
        self.rows: dict[int, Item] = {row.pk: row for row in rows}
        self.position: dict[int, int] = {pk: number for number, pk in enumerate(self.rows)}

    def pick(self, ids: Iterable[int]) -> list[Item]:
        found = [pk for pk in ids if pk in self.rows]
        return [self.rows[pk] for pk in sorted(found, key=self.position.__getitem__)]


def answers_for(commitment_ids: Collection[int]) -> dict[int, Answers]:
    """What answers each commitment, in a fixed number of queries."""
    answers = {pk: Answers() for pk in commitment_ids}
    open_needs = (
        Need.commitments.through.objects.filter(
            commitment_id__in=commitment_ids, need__status__in=Need.STILL_NEEDED
        )
        .select_related("need__responsible_unit")
        .order_by("need__title")
    )
    for link in open_needs:
        answers[link.commitment_id].needs.append(link.need)

    opportunity_ids = serving_opportunities(commitment_ids)
    opportunities = _Ordered(
        Opportunity.objects.filter(pk__in=set().union(*opportunity_ids.values()))
        .select_related("donor")
        .order_by("application_deadline", "reference")
    )
    for commitment_id, ids in opportunity_ids.items():
        answers[commitment_id].opportunities = opportunities.pick(ids)

    project_ids = serving_projects(commitment_ids)
    projects = _Ordered(
        Project.objects.filter(pk__in=set().union(*project_ids.values())).order_by("title_ka", "id")
    )
    for commitment_id, ids in project_ids.items():
        answers[commitment_id].projects = projects.pick(ids)
    return answers


# --- The analysis -------------------------------------------------------------------------


def _candidates(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Commitments that may be weak points: a weak status, or an indicator that can lag and
    has a figure to lag with. Done commitments are not gaps."""
    can_lag = Indicator.objects.filter(_on_a_path(), commitment=OuterRef("pk")).filter(
        Exists(IndicatorValue.objects.filter(indicator=OuterRef("pk"), value__isnull=False))
    )
    return (
        commitments.exclude(status=Commitment.Status.DONE)
        .filter(Q(status__in=Commitment.WEAK) | Q(Exists(can_lag)))
        .select_related("framework", "responsible_unit")
    )


def _order(gap: Gap) -> tuple[object, ...]:
    """Off track before at risk before lagging; then the nearest deadline (none last)."""
    commitment = gap.commitment
    return (
        gap.urgency,
        commitment.deadline is None,
        commitment.deadline or datetime.date.max,
        commitment.framework.position,
        commitment.framework.code,
        commitment.reference,
    )


def gap_analysis(
    commitments: QuerySet[Commitment] | None = None, *, today: datetime.date | None = None
) -> list[Gap]:
    """The weak points among ``commitments`` (all by default), most urgent first, each with
    the indicators that lag and what answers it."""
    day = today or timezone.localdate()
    within = Commitment.objects.all() if commitments is None else commitments
    candidates = {row.pk: row for row in _candidates(within)}
    indicators = Indicator.objects.filter(_on_a_path(), commitment_id__in=list(candidates))
    lags = _lags(indicators, day)
    weak = {
        pk: _STATUS_URGENCY.get(commitment.status, Urgency.LAGGING)
        for pk, commitment in candidates.items()
        if commitment.status in Commitment.WEAK or lags.get(pk)
    }
    answers = answers_for(list(weak))
    gaps = [
        Gap(candidates[pk], urgency, lags.get(pk, []), answers[pk]) for pk, urgency in weak.items()
    ]
    return sorted(gaps, key=_order)
