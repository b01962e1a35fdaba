"""The dashboard's figures. Each count is taken with the same definition the register filter
uses (``workflow.measures``, ``projects.measures``), and carries the link to those rows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from core.models import Donor, OrganisationalUnit
from projects import measures as project_measures
from projects.models import Obligation, ProjectParticipant
from workflow import measures
from workflow.models import Opportunity
from workflow.route import register_median_days


def link(name: str, **query: Any) -> str:
    """A register page filtered by ``query``; list values repeat the parameter."""
    return f"{reverse(name)}?{urlencode(query, doseq=True)}" if query else reverse(name)


@dataclass(frozen=True)
class Figure:
    value: Any
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


def funnel() -> list[FunnelStage]:
    opportunities = Opportunity.objects.all()
    current = dict(opportunities.values_list("state").annotate(n=Count("id")).order_by())
    reached = measures.reached_counts()
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
                reached=Figure(reached[stage], link("register", reached=stage)),
                current=Figure(current.get(stage, 0), link("register", state=stage)),
                conversion=conversion,
            )
        )
    return stages


def rejected() -> Figure:
    state = Opportunity.State.REJECTED
    return Figure(Opportunity.objects.filter(state=state).count(), link("register", state=state))


def timings(now: datetime.datetime) -> list[StateTiming]:
    medians = register_median_days()
    limits = measures.stuck_limits()
    rows = []
    with_since = measures.with_state_since(Opportunity.objects.all())
    for state in Opportunity.State:
        if state in Opportunity.FINISHED:
            continue
        limit = limits.get(state)
        stuck = None
        if limit is not None:
            cutoff = now - datetime.timedelta(days=limit)
            count = with_since.filter(measures.stuck_since(state, cutoff)).count()
            stuck = Figure(count, link("register", stuck=state))
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


def missed(today: datetime.date) -> Figure:
    count = Opportunity.objects.filter(measures.missed(today)).count()
    return Figure(count, link("register", missed="true"))


def _funding_table(
    lines: Any, key: str, names: dict[Any, str], query: str, sort_by_name: bool = True
) -> FundingTable:
    amounts: dict[Any, dict[str, Decimal]] = defaultdict(dict)
    currencies: set[str] = set()
    for row in lines.values(key, "currency").annotate(total=Sum("amount")).order_by():
        if row[key] is None:
            continue
        amounts[row[key]][row["currency"]] = row["total"]
        currencies.add(row["currency"])
    table = FundingTable(currencies=sorted(currencies))
    keys = sorted(amounts, key=lambda k: names.get(k, str(k)) if sort_by_name else k)
    for k in keys:
        cells = {
            currency: Figure(total, link("projects", **{query: k, "currency": currency}))
            for currency, total in amounts[k].items()
        }
        table.rows.append((names.get(k, str(k)), cells))
    return table


def funding() -> dict[str, FundingTable]:
    lines = project_measures.counted_budget_lines()
    funding_role = ProjectParticipant.Role.FUNDING
    by_donor = lines.filter(
        project__participants__role=funding_role, project__participants__donor__isnull=False
    )
    by_unit = lines.filter(project__participants__unit__isnull=False)
    donors = {d.pk: str(d) for d in Donor.objects.all()}
    units = {u.pk: u.name for u in OrganisationalUnit.objects.all()}
    return {
        "donor": _funding_table(by_donor, "project__participants__donor", donors, "funder"),
        "unit": _funding_table(by_unit, "project__participants__unit", units, "unit"),
        "year": _funding_table(lines, "year", {}, "year", sort_by_name=False),
    }


def compliance(today: datetime.date) -> list[ComplianceRow]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for kind in project_measures.COMPLIANCE:
        rows = (
            Obligation.objects.filter(project_measures.compliance(kind, today))
            .values_list("responsible_unit")
            .annotate(n=Count("id"))
            .order_by()
        )
        for unit_id, n in rows:
            counts[unit_id][kind] = n
    units = OrganisationalUnit.objects.filter(pk__in=counts).order_by("name_ka")

    def figure(unit_id: int, kind: str) -> Figure:
        query = {"responsible_unit": unit_id, "compliance": kind}
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


def dashboard() -> dict[str, Any]:
    now = timezone.now()
    today = timezone.localdate(now)
    return {
        "funnel": funnel(),
        "rejected": rejected(),
        "timings": timings(now),
        "missed": missed(today),
        "funding": funding(),
        "compliance": compliance(today),
        "today": today,
    }
