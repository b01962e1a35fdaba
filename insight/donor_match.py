"""Donors for a need: those whose priorities match it, why, and what each funded before in the
need's sector.

A donor's priority (``commitments.DonorPriority``) matches a need when it names the framework of
one of the need's commitments, the need's DAC sector, or a theme written in the need's title or
description. Themes are matched as written, ignoring case: a stem ("მიგრაცი") finds every
form of the word. What a donor funded before is every project it takes part in with a sector
of the need's. The reads are set-wise: a fixed number of queries for any number of donors.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Q

from commitments.models import DonorPriority
from core.models import Donor
from insight.comparison import Amount
from needs.models import Need
from projects.models import Project, ProjectParticipant
from projects.selectors import budget_totals


@dataclass(frozen=True)
class Reason:
    """Why a donor matches: a framework, a sector or a theme of its priorities."""

    kind: Literal["framework", "sector", "theme"]
    label: str


@dataclass(frozen=True)
class PriorProject:
    """A project the donor took part in, in the need's sector."""

    project: Project
    start: int | None
    end: int | None
    amounts: list[Amount]


@dataclass
class DonorMatch:
    donor: Donor
    reasons: list[Reason] = field(default_factory=list)
    funded: list[PriorProject] = field(default_factory=list)


def _year(*days: datetime.date | None) -> int | None:
    return next((day.year for day in days if day is not None), None)


def _themes(theme: str) -> list[str]:
    """A theme may list several, separated by commas or semicolons."""
    return [part.strip().casefold() for part in theme.replace(";", ",").split(",") if part.strip()]


def _reason(priority: DonorPriority, need: Need, framework_ids: set[int]) -> list[Reason]:
    text = f"{need.title}\n{need.description}".casefold()
    reasons = []
    if priority.framework_id is not None and priority.framework_id in framework_ids:
        assert priority.framework is not None
        reasons.append(Reason("framework", priority.framework.name))
    if priority.sector and priority.sector == need.sector:
        reasons.append(Reason("sector", priority.get_sector_display()))
    if priority.theme and any(theme in text for theme in _themes(priority.theme)):
        reasons.append(Reason("theme", priority.theme))
    return reasons


def _prior_projects(donor_ids: list[int], sector: str) -> dict[int, list[PriorProject]]:
    """The projects each donor took part in with ``sector`` among theirs, newest first."""
    if not sector or not donor_ids:
        return {}
    participations = (
        ProjectParticipant.objects.filter(donor_id__in=donor_ids, project__sectors__code=sector)
        .select_related("project")
        .prefetch_related("project__budget_lines")
        .order_by("-project__planned_start", "project__title_ka", "project_id")
    )
    found: dict[int, list[PriorProject]] = defaultdict(list)
    for participation in participations:
        assert participation.donor_id is not None
        project = participation.project
        if any(prior.project.pk == project.pk for prior in found[participation.donor_id]):
            continue  # a donor in two roles on one project
        found[participation.donor_id].append(
            PriorProject(
                project,
                _year(project.actual_start, project.planned_start),
                _year(project.actual_end, project.planned_end),
                [Amount(value, code) for code, value in budget_totals(project).items()],
            )
        )
    return found


def donor_matches(need: Need) -> list[DonorMatch]:
    """The active donors whose priorities match ``need``, those with the most reasons first,
    each with what it funded before in the need's sector."""
    # The need's page has its commitments read already.
    framework_ids = {commitment.framework_id for commitment in need.commitments.all()}
    may_match = Q(framework_id__in=framework_ids) | ~Q(theme="")
    if need.sector:
        may_match |= Q(sector=need.sector)
    priorities = DonorPriority.objects.filter(may_match, donor__is_active=True).select_related(
        "donor", "framework"
    )
    matches: dict[int, DonorMatch] = {}
    for priority in priorities:
        reasons = _reason(priority, need, framework_ids)
        if not reasons:
            continue
        match = matches.setdefault(priority.donor_id, DonorMatch(priority.donor))
        match.reasons += [reason for reason in reasons if reason not in match.reasons]
    funded = _prior_projects(list(matches), need.sector)
    for donor_id, match in matches.items():
        match.funded = funded.get(donor_id, [])
    return sorted(
        matches.values(),
        key=lambda match: (-len(match.reasons), not match.funded, match.donor.name_ka),
    )
