"""The dashboard's figures. Each count is taken with the same definition the register filter
uses (``workflow.measures``, ``projects.measures``), and carries the link to those rows.
Every figure is counted by the database, a query per table and never one per row.

Every figure takes a ``scope`` (``insight.scope``): one unit's items and a period, which its
links carry to the register."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import quarters
from actionplans.models import ActionPlan, Activity, ActivityReport
from actionplans.quarters import QUARTERS
from actionplans.selectors import Tally
from commitments.models import Commitment, Framework
from core.models import Donor, OrganisationalUnit
from insight.scope import EVERYTHING, Scope
from projects import measures as project_measures
from projects.models import Obligation
from workflow import measures
from workflow.models import Opportunity
from workflow.route import register_median_days


def link(name: str, **query: Any) -> str:
    """A register page filtered by ``query``; list values repeat the parameter."""
    return f"{reverse(name)}?{urlencode(query, doseq=True)}" if query else reverse(name)


@dataclass(frozen=True)
class Figure:
    value: Any
    # Empty when no register lists exactly these rows.
    url: str


@dataclass(frozen=True)
class FunnelStage:
    state: str
    label: str
    reached: Figure
    current: Figure
    # Share of the items that reached this stage which went on to the next one, in percent.
    conversion: float | None


@dataclass(frozen=True)
class StateTiming:
    state: str
    label: str
    median_days: float | None
    limit_days: int | None
    stuck: Figure | None


@dataclass
class FundingTable:
    """Amounts per row and currency; currencies are never added together."""

    currencies: list[str] = field(default_factory=list)
    rows: list[tuple[str, dict[str, Figure]]] = field(default_factory=list)


@dataclass(frozen=True)
class ComplianceRow:
    unit: str
    on_time: Figure
    late: Figure
    overdue: Figure


def funnel(*, scope: Scope = EVERYTHING) -> list[FunnelStage]:
    opportunities = Opportunity.objects.filter(scope.opportunities())
    current = dict(opportunities.values_list("state").annotate(n=Count("id")).order_by())
    reached = measures.reached_counts(opportunities)
    query = scope.register_query()
    stages = []
    for position, stage in enumerate(measures.FUNNEL_STAGES):
        following = (
            measures.FUNNEL_STAGES[position + 1]
            if position + 1 < len(measures.FUNNEL_STAGES)
            else None
        )
        conversion = (
            round(100 * reached[following] / reached[stage], 1)
            if following and reached[stage]
            else None
        )
        stages.append(
            FunnelStage(
                state=stage,
                label=str(Opportunity.State(stage).label),
                reached=Figure(reached[stage], link("register", reached=stage, **query)),
                current=Figure(current.get(stage, 0), link("register", state=stage, **query)),
                conversion=conversion,
            )
        )
    return stages


def rejected(*, scope: Scope = EVERYTHING) -> Figure:
    state = Opportunity.State.REJECTED
    count = Opportunity.objects.filter(scope.opportunities(), state=state).count()
    return Figure(count, link("register", state=state, **scope.register_query()))


def timings(now: datetime.datetime, *, scope: Scope = EVERYTHING) -> list[StateTiming]:
    opportunities = Opportunity.objects.filter(scope.opportunities())
    medians = register_median_days(opportunities if scope != EVERYTHING else None)
    limits = measures.stuck_limits()
    rows = []
    with_since = measures.with_state_since(opportunities)
    for state in Opportunity.State:
        if state in Opportunity.FINISHED:
            continue
        limit = limits.get(state)
        stuck = None
        if limit is not None:
            cutoff = now - datetime.timedelta(days=limit)
            count = with_since.filter(measures.stuck_since(state, cutoff)).count()
            stuck = Figure(count, link("register", stuck=state, **scope.register_query()))
        median = medians.get(state)
        rows.append(
            StateTiming(
                state=state,
                label=str(state.label),
                median_days=round(median, 1) if median is not None else None,
                limit_days=limit,
                stuck=stuck,
            )
        )
    return rows


def missed(today: datetime.date, *, scope: Scope = EVERYTHING) -> Figure:
    count = Opportunity.objects.filter(scope.opportunities(), measures.missed(today)).count()
    return Figure(count, link("register", missed="true", **scope.register_query()))


def _funding_table(
    lines: Any,
    key: str,
    names: dict[Any, str],
    query: dict[str, Any],
    sort_by_name: bool = True,
) -> FundingTable:
    """Amounts per ``key`` and currency. Lines whose key is not recorded make a row of their
    own, last, so that every table adds up to the same amounts."""
    amounts: dict[Any, dict[str, Decimal]] = defaultdict(dict)
    currencies: set[str] = set()
    for row in lines.values(key, "currency").annotate(total=Sum("amount")).order_by():
        amounts[row[key]][row["currency"]] = row["total"]
        currencies.add(row["currency"])
    table = FundingTable(currencies=sorted(currencies))
    recorded = [k for k in amounts if k is not None]
    keys = sorted(recorded, key=lambda k: names.get(k, str(k)) if sort_by_name else k)
    for k in keys:
        cells = {
            currency: Figure(total, link("projects", **{key: k, "currency": currency, **query}))
            for currency, total in amounts[k].items()
        }
        table.rows.append((names.get(k, str(k)), cells))
    if None in amounts:
        cells = {currency: Figure(total, "") for currency, total in amounts[None].items()}
        table.rows.append((str(_("not recorded")), cells))
    return table


def budget_lines(scope: Scope = EVERYTHING) -> Any:
    """The counted budget lines of ``scope``, each with its project's lead donor and unit."""
    return (
        project_measures.counted_budget_lines()
        .annotate(
            lead_donor=project_measures.lead_donor("project"),
            lead_unit=project_measures.lead_unit("project"),
        )
        .filter(scope.budget_lines())
    )


def funding(*, scope: Scope = EVERYTHING) -> dict[str, FundingTable]:
    """Counted budgets per donor, unit and year. Each line counts once in every table: under
    the project's lead donor and lead unit (``projects.measures.lead_unit``), as the project
    register's ``lead_donor`` and ``lead_unit`` filters find it."""
    lines = budget_lines(scope)
    query = scope.projects_query()
    donors = {d.pk: str(d) for d in Donor.objects.all()}
    units = {u.pk: u.name for u in OrganisationalUnit.objects.all()}
    return {
        "donor": _funding_table(lines, "lead_donor", donors, query),
        "unit": _funding_table(lines, "lead_unit", units, query),
        "year": _funding_table(lines, "year", {}, query, sort_by_name=False),
    }


def compliance(today: datetime.date, *, scope: Scope = EVERYTHING) -> list[ComplianceRow]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for kind in project_measures.COMPLIANCE:
        met = project_measures.compliance(kind, today, start=scope.start, end=scope.end)
        rows = (
            Obligation.objects.filter(met, scope.obligations())
            .values_list("responsible_unit")
            .annotate(n=Count("id"))
            .order_by()
        )
        for unit_id, n in rows:
            counts[unit_id][kind] = n
    units = OrganisationalUnit.objects.filter(pk__in=counts).order_by("name_ka")

    def figure(unit_id: int, kind: str) -> Figure:
        query = {**scope.obligations_query(), "responsible_unit": unit_id, "compliance": kind}
        return Figure(counts[unit_id].get(kind, 0), link("obligations", **query))

    return [
        ComplianceRow(
            unit=unit.name,
            on_time=figure(unit.pk, project_measures.ON_TIME),
            late=figure(unit.pk, project_measures.LATE),
            overdue=figure(unit.pk, project_measures.OVERDUE),
        )
        for unit in units
    ]


# --- Commitments by status -----------------------------------------------------------------

# The order the dashboard reads them in: how things go, then what is done, then the unknown.
STATUS_ORDER = (
    Commitment.Status.ON_TRACK,
    Commitment.Status.AT_RISK,
    Commitment.Status.OFF_TRACK,
    Commitment.Status.DONE,
    Commitment.Status.NOT_ASSESSED,
)


@dataclass(frozen=True)
class StatusShare:
    """One status's part of a row: its count, and where its segment of the row's bar starts
    and how wide it is, in percent of the row's commitments."""

    status: str
    label: str
    count: Figure
    start: float
    width: float


@dataclass(frozen=True)
class StatusRow:
    name: str
    total: Figure
    shares: list[StatusShare]


def _status_counts(*groupings: tuple[Any, int]) -> dict[int, dict[str, int]]:
    """Commitments per key and status, adding (+1) and taking away (-1) counts grouped by the
    database: each grouping a ``values_list(key, "status")`` of commitments."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rows, sign in groupings:
        for key, status, n in rows.annotate(n=Count("pk")).order_by():
            if key is not None:  # a commitment with no other unit responsible
                counts[key][status] += sign * n
    return counts


def _status_rows(
    counts: dict[int, dict[str, int]],
    names: dict[int, str],
    order: list[int],
    query: str,
    scope: Scope,
) -> list[StatusRow]:
    """A row per key in ``order`` that has commitments, with a figure per status; each
    figure opens the commitments register filtered by ``query`` (the key) and the status."""
    table = []
    scoped = scope.commitments_query()
    for key in order:
        total = sum(counts[key].values()) if key in counts else 0
        if not total:
            continue
        shares, start = [], 0.0
        for status in STATUS_ORDER:
            n = counts[key].get(status, 0)
            width = round(100 * n / total, 2)
            shares.append(
                StatusShare(
                    status=status,
                    label=str(status.label),
                    count=Figure(
                        n, link("commitments", **{**scoped, query: key, "status": status})
                    ),
                    start=start,
                    width=width,
                )
            )
            start = round(start + width, 2)
        table.append(
            StatusRow(
                names[key], Figure(total, link("commitments", **{**scoped, query: key})), shares
            )
        )
    return table


def commitments_by_framework(*, scope: Scope = EVERYTHING) -> list[StatusRow]:
    """Commitments on track, at risk, off track, done and not assessed, per framework."""
    commitments = Commitment.objects.filter(scope.commitments())
    counts = _status_counts((commitments.values_list("framework", "status"), 1))
    frameworks = list(Framework.objects.filter(pk__in=list(counts)))
    frameworks.sort(key=lambda f: (f.position, f.code))
    names = {f.pk: f.name for f in frameworks}
    return _status_rows(counts, names, [f.pk for f in frameworks], "framework", scope)


def commitments_by_unit(*, scope: Scope = EVERYTHING) -> list[StatusRow]:
    """The same per unit responsible: a commitment counts under the unit that reports on it
    and under each other unit responsible with it, as the register's unit filter finds it.
    With a unit in ``scope``, that unit's row alone."""
    commitments = Commitment.objects.filter(scope.commitments())
    counts = _status_counts(
        (commitments.values_list("responsible_unit", "status"), 1),
        (commitments.values_list("supporting_units", "status"), 1),
        # A unit named both ways is one unit responsible, counted once.
        (
            commitments.filter(supporting_units=F("responsible_unit")).values_list(
                "responsible_unit", "status"
            ),
            -1,
        ),
    )
    keys = [scope.unit] if scope.unit else list(counts)
    units = list(OrganisationalUnit.objects.filter(pk__in=keys).order_by("name_ka"))
    names = {u.pk: u.name for u in units}
    return _status_rows(counts, names, [u.pk for u in units], "unit", scope)


def commitment_statuses() -> list[tuple[str, str]]:
    """The statuses as the tables' columns: value and words."""
    return [(status.value, str(status.label)) for status in STATUS_ORDER]


# --- The department's action plan, quarter by quarter ------------------------------------------


def _status_at_end_of(quarter: int) -> Subquery:
    """An activity's status at the end of ``quarter``: its latest report up to then (the
    database's reading of ``actionplans.selectors.status_as_of``)."""
    latest = ActivityReport.objects.filter(activity=OuterRef("pk"), quarter__lte=quarter)
    return Subquery(latest.order_by("-quarter").values("status")[:1])


def quarter_tallies(plan: ActionPlan, unit: int | None = None) -> list[Tally]:
    """The plan's activities (those ``unit`` is responsible for, when given) at the end of
    each quarter, as the plan's page counts them (``actionplans.selectors.completion``): done
    and cancelled by their latest report, and reported on in that quarter. Counted by the
    database in one query."""
    done, cancelled = ActivityReport.Status.DONE, ActivityReport.Status.CANCELLED
    mine = Q(responsible_unit=unit) if unit else Q()
    activities = Activity.objects.filter(mine, plan=plan).annotate(
        **{f"status_{q}": _status_at_end_of(q) for q in QUARTERS},
        **{
            f"reported_in_{q}": Exists(
                ActivityReport.objects.filter(activity=OuterRef("pk"), quarter=q)
            )
            for q in QUARTERS
        },
    )
    counts = activities.aggregate(
        total=Count("pk"),
        **{f"done_{q}": Count("pk", filter=Q(**{f"status_{q}": done})) for q in QUARTERS},
        **{f"cancelled_{q}": Count("pk", filter=Q(**{f"status_{q}": cancelled})) for q in QUARTERS},
        **{f"reported_{q}": Count("pk", filter=Q(**{f"reported_in_{q}": True})) for q in QUARTERS},
    )
    return [
        Tally(
            str(q),
            total=counts["total"],
            done=counts[f"done_{q}"],
            cancelled=counts[f"cancelled_{q}"],
            reported=counts[f"reported_{q}"],
        )
        for q in QUARTERS
    ]


@dataclass(frozen=True)
class QuarterRow:
    quarter: int
    # False for a quarter still to come: nothing is reported on it yet.
    begun: bool
    tally: Tally
    # The plan's page, where each activity's status per quarter is shown.
    url: str

    @property
    def reported_share(self) -> Decimal | None:
        """Activities reported on in the quarter, as a percentage of the plan's activities."""
        if not self.tally.total:
            return None
        return (Decimal(100) * self.tally.reported / self.tally.total).quantize(Decimal(1))


@dataclass(frozen=True)
class PlanCompletion:
    plan: ActionPlan | None
    year: int
    quarters: list[QuarterRow]
    # The years the department has a plan for, newest first (the year picker).
    years: list[int]

    @property
    def activities(self) -> int:
        return self.quarters[0].tally.total if self.quarters else 0


def plan_completion(
    today: datetime.date, year: int | None = None, *, scope: Scope = EVERYTHING
) -> PlanCompletion:
    """How far the department's plan of ``year`` (the scope's year, else this year) had come
    at the end of each quarter, and how many of its activities were reported on in each; with
    a unit in ``scope``, the activities that unit is responsible for."""
    year = year or scope.year or today.year
    years = list(
        ActionPlan.objects.filter(unit__isnull=True)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    plan = ActionPlan.objects.filter(unit__isnull=True, year=year).first()
    if plan is None:
        return PlanCompletion(None, year, [], years)
    url = reverse("action-plan-detail", args=[plan.pk])
    rows = [
        QuarterRow(quarter=q, begun=quarters.begun(year, q, today), tally=tally, url=url)
        for q, tally in zip(QUARTERS, quarter_tallies(plan, scope.unit), strict=True)
    ]
    return PlanCompletion(plan, year, rows, years)


def dashboard(year: int | None = None, *, scope: Scope = EVERYTHING) -> dict[str, Any]:
    now = timezone.now()
    today = timezone.localdate(now)
    return {
        "funnel": funnel(scope=scope),
        "rejected": rejected(scope=scope),
        "timings": timings(now, scope=scope),
        "missed": missed(today, scope=scope),
        "funding": funding(scope=scope),
        "compliance": compliance(today, scope=scope),
        "statuses": commitment_statuses(),
        "commitments_by_framework": commitments_by_framework(scope=scope),
        "commitments_by_unit": commitments_by_unit(scope=scope),
        "plan": plan_completion(today, year, scope=scope),
        "today": today,
        "scope": scope,
    }
