"""What the public may see of a project: only ongoing projects marked public, and of each
only the fields chosen for publication. Everything the public pages and feeds show, search
and filter goes through ``PublicProject``, so nothing unpublished can leak through a filter."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.bounds import ascii_whole_number
from core.codelists import ActivityStatus
from core.models import bilingual_name
from projects import selectors
from projects.models import Project, ProjectParticipant

# IATI statuses of a project under way: implementation and finalisation.
ONGOING = (ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION)


@dataclass(frozen=True)
class PublicDonor:
    pk: int
    name: str


@dataclass
class PublicProject:
    pk: int
    title: str
    donors: list[PublicDonor] = field(default_factory=list)
    budget: dict[str, Decimal] = field(default_factory=dict)
    start: datetime.date | None = None
    end: datetime.date | None = None
    goal: str = ""
    target_areas: list[str] = field(default_factory=list)

    def years(self) -> range:
        """The years the project runs in, as far as its public dates tell."""
        if self.start is None:
            return range(0)
        last = self.end.year if self.end else timezone.localdate().year
        return range(self.start.year, last + 1)

    def runs_in(self, year: int) -> bool:
        return year in self.years()

    def matches(self, text: str) -> bool:
        haystack = " ".join([self.title, self.goal, *[d.name for d in self.donors]]).casefold()
        return text.casefold() in haystack

    def content(self) -> bytes:
        """All that is shown of the project, as bytes to compare one day with the next."""
        return json.dumps(self.as_dict(""), sort_keys=True, ensure_ascii=False).encode()

    def as_dict(self, url: str) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.pk, "url": url, "title": self.title}
        if self.donors:
            data["donors"] = [d.name for d in self.donors]
        if self.budget:
            data["budget"] = [{"amount": str(a), "currency": c} for c, a in self.budget.items()]
        if self.start:
            data["start"] = self.start.isoformat()
            data["end"] = self.end.isoformat() if self.end else None
        if self.goal:
            data["goal"] = self.goal
        if self.target_areas:
            data["target_areas"] = self.target_areas
        return data


def published() -> QuerySet[Project]:
    return selectors.project_register().filter(is_public=True, status__in=ONGOING)


def present(project: Project, language: str) -> PublicProject:
    public_english = project.title_en if project.shows("title_en") else ""
    title = bilingual_name(project.title_ka, public_english, language)
    shown = PublicProject(pk=project.pk, title=title)
    if project.shows("participants"):
        shown.donors = [
            PublicDonor(p.donor.pk, bilingual_name(p.donor.name_ka, p.donor.name_en, language))
            for p in project.participants.all()
            if p.role == ProjectParticipant.Role.FUNDING and p.donor is not None
        ]
    if project.shows("budget"):
        shown.budget = selectors.budget_totals(project)
    if project.shows("dates"):
        shown.start = project.actual_start or project.planned_start
        shown.end = project.actual_end or project.planned_end
    if project.shows("goal"):
        shown.goal = project.goal
    if project.shows("target_areas"):
        shown.target_areas = [
            bilingual_name(a.name_ka, a.name_en, language) for a in project.target_areas.all()
        ]
    return shown


@dataclass(frozen=True)
class Search:
    text: str = ""
    donor: int | None = None
    year: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> Search:
        def number(name: str) -> int | None:
            return ascii_whole_number(query.get(name), most=999_999_999)

        return cls(
            text=(query.get("q") or "").strip()[:200], donor=number("donor"), year=number("year")
        )

    def keeps(self, project: PublicProject) -> bool:
        if self.text and not project.matches(self.text):
            return False
        if self.donor is not None and all(d.pk != self.donor for d in project.donors):
            return False
        return self.year is None or project.runs_in(self.year)


def public_projects(language: str, search: Search | None = None) -> list[PublicProject]:
    """The public projects as the public sees them, newest start first, filtered by ``search``."""
    shown = [present(p, language) for p in published().order_by("-id")]
    shown.sort(key=lambda p: p.start or datetime.date.min, reverse=True)
    return [p for p in shown if search is None or search.keeps(p)]


def public_project(pk: int, language: str) -> PublicProject | None:
    project = published().filter(pk=pk).first()
    return present(project, language) if project else None
