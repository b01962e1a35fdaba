"""The indicator comparison: every live opportunity and active project that serves a
commitment (or a need's commitments), side by side, with what each expects to contribute to
each of the commitment's indicators.

An opportunity's contribution to an indicator is the target of its KPI that ``serves`` it; a
project's, the target of its result indicator that does. What serves a commitment is said once,
in ``insight.gaps`` (``serving_opportunities``, ``serving_projects``). The reads are set-wise:
a comparison of fifty items costs the queries of one of five.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch
from django.utils import timezone

from commitments.models import Commitment, Indicator, IndicatorValue
from commitments.selectors import latest_actuals
from core.models import Donor
from insight.gaps import (
    ACTIVE_PROJECT_STATUSES,
    serving_opportunities,
    serving_projects,
)
from needs.models import Need
from projects.models import Project, ProjectParticipant, ResultIndicator
from projects.selectors import budget_totals
from workflow.models import KeyPerformanceIndicator, Opportunity


@dataclass(frozen=True)
class Contribution:
    """What one KPI or result indicator of an item expects for a commitment indicator."""

    name: str
    baseline: Decimal | None
    target: Decimal | None
    unit: str = ""


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str


@dataclass
class Column:
    """One opportunity or project: who funds it, where it stands, how much, and what it
    expects for each indicator (by commitment indicator id)."""

    kind: Literal["opportunity", "project"]
    item: Opportunity | Project
    title: str
    reference: str
    donors: list[Donor]
    state: str
    amounts: list[Amount]
    amount_confirmed: bool
    contributions: dict[int, list[Contribution]] = field(default_factory=dict)
    # The contributions in the comparison's indicator order, filled by ``_compare``.
    cells: list[tuple[Indicator, list[Contribution]]] = field(default_factory=list)

    @property
    def url_name(self) -> str:
        return f"{self.kind}-detail"

    @property
    def contributes(self) -> bool:
        return any(self.contributions.values())


@dataclass(frozen=True)
class IndicatorRow:
    """A commitment indicator, where it stands, and each column's contribution to it."""

    indicator: Indicator
    latest: IndicatorValue | None
    expected: Decimal | None
    cells: list[list[Contribution]]


@dataclass(frozen=True)
class Comparison:
    commitments: list[Commitment]
    indicators: list[Indicator]
    columns: list[Column]
    rows: list[IndicatorRow]


def _opportunity_columns(ids: Collection[int], indicator_ids: list[int]) -> list[Column]:
    kpis = KeyPerformanceIndicator.objects.filter(serves_id__in=indicator_ids)
    opportunities = (
        Opportunity.objects.filter(pk__in=ids)
        .select_related("donor")
        .prefetch_related(Prefetch("kpis", queryset=kpis, to_attr="serving_kpis"))
        .order_by("application_deadline", "reference")
    )
    columns = []
    for opportunity in opportunities:
        confirmed = opportunity.confirmed_amount is not None
        value = opportunity.confirmed_amount if confirmed else opportunity.estimated_value
        currency = (opportunity.confirmed_currency if confirmed else "") or opportunity.currency
        column = Column(
            kind="opportunity",
            item=opportunity,
            title=opportunity.title,
            reference=opportunity.reference,
            donors=[opportunity.donor],
            state=opportunity.get_state_display(),
            amounts=[Amount(value, currency)] if value is not None else [],
            amount_confirmed=confirmed,
        )
        for kpi in opportunity.serving_kpis:  # type: ignore[attr-defined]
            assert kpi.serves_id is not None
            column.contributions.setdefault(kpi.serves_id, []).append(
                Contribution(kpi.name, kpi.baseline, kpi.target, kpi.unit)
            )
        columns.append(column)
    return columns


def _funders(project: Project) -> list[Donor]:
    """The donors funding the project; the opportunity's donor when none is named."""
    funding = [
        participant.donor
        for participant in project.participants.all()
        if participant.donor is not None and participant.role == ProjectParticipant.Role.FUNDING
    ]
    if funding:
        return funding
    if project.opportunity is not None:
        return [project.opportunity.donor]
    return [p.donor for p in project.participants.all() if p.donor is not None]


def _project_columns(ids: Collection[int], indicator_ids: list[int]) -> list[Column]:
    projects = (
        Project.objects.filter(pk__in=ids)
        .select_related("opportunity__donor")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=ProjectParticipant.objects.filter(donor__isnull=False).select_related(
                    "donor"
                ),
            ),
            "budget_lines",
        )
        .order_by("planned_start", "title_ka", "id")
    )
    serving: dict[int, list[ResultIndicator]] = defaultdict(list)
    for indicator in ResultIndicator.objects.filter(
        serves_id__in=indicator_ids, result__project_id__in=ids
    ).select_related("result"):
        serving[indicator.result.project_id].append(indicator)
    columns = []
    for project in projects:
        column = Column(
            kind="project",
            item=project,
            title=project.title_ka,
            reference=project.iati_identifier,
            donors=_funders(project),
            state=project.get_status_display(),
            amounts=[Amount(value, code) for code, value in budget_totals(project).items()],
            amount_confirmed=True,
        )
        for indicator in serving[project.pk]:
            assert indicator.serves_id is not None
            column.contributions.setdefault(indicator.serves_id, []).append(
                Contribution(indicator.title, indicator.baseline, indicator.target)
            )
        columns.append(column)
    return columns


def _compare(
    commitments: Sequence[Commitment],
    *,
    also_opportunities: Collection[int] = (),
    also_projects: Collection[int] = (),
    today: datetime.date | None = None,
) -> Comparison:
    day = today or timezone.localdate()
    commitment_ids = [commitment.pk for commitment in commitments]
    indicators = list(
        Indicator.objects.filter(commitment_id__in=commitment_ids)
        .select_related("commitment__framework")
        .order_by(
            "commitment__framework__position",
            "commitment__framework__code",
            "commitment__reference",
            "position",
            "id",
        )
    )
    indicator_ids = [indicator.pk for indicator in indicators]
    latest = latest_actuals(indicator_ids)
    opportunity_ids = set(also_opportunities).union(*serving_opportunities(commitment_ids).values())
    project_ids = set(also_projects).union(*serving_projects(commitment_ids).values())
    columns = [
        *_opportunity_columns(opportunity_ids, indicator_ids),
        *_project_columns(project_ids, indicator_ids),
    ]
    for column in columns:
        column.cells = [
            (indicator, column.contributions.get(indicator.pk, [])) for indicator in indicators
        ]
    rows = [
        IndicatorRow(
            indicator,
            latest.get(indicator.pk),
            indicator.expected_on(day),
            [column.contributions.get(indicator.pk, []) for column in columns],
        )
        for indicator in indicators
    ]
    return Comparison(list(commitments), indicators, columns, rows)


def commitment_comparison(
    commitment: Commitment, *, today: datetime.date | None = None
) -> Comparison:
    """Every live opportunity and active project serving ``commitment``, side by side."""
    return _compare([commitment], today=today)


def need_comparison(need: Need, *, today: datetime.date | None = None) -> Comparison:
    """Every live opportunity and active project serving the need's commitments, and those
    linked to the need itself, side by side."""
    commitments = list(need.commitments.select_related("framework"))
    own_opportunities = need.opportunities.exclude(state__in=Opportunity.FINISHED).values_list(
        "pk", flat=True
    )
    own_projects = need.projects.filter(status__in=ACTIVE_PROJECT_STATUSES).values_list(
        "pk", flat=True
    )
    return _compare(
        commitments,
        also_opportunities=list(own_opportunities),
        also_projects=list(own_projects),
        today=today,
    )
