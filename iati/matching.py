"""Which activities of a donor's file the register already holds, matched by IATI identifier,
and how each differs from the register, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.codelists import activity_status_choices
from iati.reader import Activity
from projects.models import Project
from projects.selectors import budget_totals
from workflow.models import Opportunity

# Project fields a coordinator may take over from the file: (field, label).
PROJECT_FIELDS = (
    ("title_ka", _("title (Georgian)")),
    ("title_en", _("title (English)")),
    ("status", _("status")),
    ("planned_start", _("planned start")),
    ("planned_end", _("planned end")),
    ("actual_start", _("actual start")),
    ("actual_end", _("actual end")),
)


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    register: str
    file: str
    # The file's value can be taken into the register from the reconcile screen.
    can_take: bool

    @property
    def differs(self) -> bool:
        return self.register != self.file


@dataclass(frozen=True)
class Match:
    activity: Activity
    project: Project | None
    opportunity: Opportunity | None

    @property
    def differences(self) -> list[Difference]:
        if self.project is not None:
            return project_differences(self.project, self.activity)
        assert self.opportunity is not None
        return opportunity_differences(self.opportunity, self.activity)

    @property
    def differing(self) -> int:
        return sum(d.differs for d in self.differences)


def _status_label(code: str) -> str:
    return f"{code} — {dict(activity_status_choices()).get(code, '')}" if code else ""


def _budget_text(totals: dict[str, Any]) -> str:
    return "; ".join(f"{amount} {currency}" for currency, amount in sorted(totals.items()))


def project_differences(project: Project, activity: Activity) -> list[Difference]:
    rows = []
    for name, label in PROJECT_FIELDS:
        ours = getattr(project, name)
        theirs = getattr(activity, name)
        if name == "status":
            ours, theirs = _status_label(ours), _status_label(theirs)
        rows.append(Difference(name, str(label), str(ours or ""), theirs, can_take=bool(theirs)))
    budget = {c: f"{t:.2f}" for c, t in budget_totals(project).items()}
    theirs = {c: f"{float(t):.2f}" for c, t in activity.budget.items()}
    rows.append(
        Difference("budget", str(_("budget")), _budget_text(budget), _budget_text(theirs), False)
    )
    return rows


def opportunity_differences(opportunity: Opportunity, activity: Activity) -> list[Difference]:
    ours = {}
    if opportunity.estimated_value is not None:
        ours[opportunity.currency] = f"{opportunity.estimated_value:.2f}"
    return [
        Difference(
            "title",
            str(_("title")),
            opportunity.title,
            activity.title_ka or activity.title,
            False,
        ),
        Difference(
            "status",
            str(_("status")),
            _status_label(opportunity.iati_status()),
            _status_label(activity.status),
            False,
        ),
        Difference(
            "budget",
            str(_("budget")),
            _budget_text(ours),
            _budget_text({c: f"{float(t):.2f}" for c, t in activity.budget.items()}),
            False,
        ),
    ]


def classify(activities: list[Activity]) -> tuple[list[Activity], list[Match]]:
    """(activities not in the register yet, activities the register holds)."""
    identifiers = [a.identifier for a in activities]
    projects = {
        p.iati_identifier: p
        for p in Project.objects.filter(iati_identifier__in=identifiers).prefetch_related(
            "budget_lines"
        )
    }
    opportunities = {
        o.iati_identifier: o
        for o in Opportunity.objects.filter(iati_identifier__in=identifiers).select_related(
            "donor", "owning_unit", "project"
        )
    }
    new, known = [], []
    for activity in activities:
        project = projects.get(activity.identifier)
        opportunity = opportunities.get(activity.identifier)
        if project is None and opportunity is not None:
            project = getattr(opportunity, "project", None)  # joined above: no query
        if project is None and opportunity is None:
            new.append(activity)
        else:
            known.append(Match(activity, project, opportunity))
    return new, known
