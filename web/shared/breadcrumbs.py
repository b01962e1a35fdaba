"""Where an item's page sits: its register, what the item belongs to (an activity's plan),
and the item itself, as the breadcrumbs above its heading say it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Activity
from commitments.models import Commitment
from core.models import Donor
from needs.models import Need
from projects.models import Obligation, Project
from trainings.models import Training
from workflow.models import CoordinationMeeting, Opportunity


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""  # empty for the page itself


def _obligation_name(obligation: Obligation) -> str:
    return f"{obligation.get_kind_display()} — {obligation.due_date:%d.%m.%Y}"


def _register_and_item(item: Any) -> list[Crumb]:
    """The register the item is listed in, then the item (and what it belongs to)."""
    match item:
        case Opportunity():
            return [Crumb(_("Register"), reverse("register")), Crumb(item.reference)]
        case Project():
            return [Crumb(_("Projects"), reverse("projects")), Crumb(item.title_ka)]
        case Obligation():
            return [Crumb(_("Obligations"), reverse("obligations")), Crumb(_obligation_name(item))]
        case Need():
            return [Crumb(_("Shopping list"), reverse("needs")), Crumb(item.title)]
        case Training():
            return [Crumb(_("Trainings"), reverse("trainings")), Crumb(item.name)]
        case CoordinationMeeting():
            return [Crumb(_("Meetings"), reverse("meetings")), Crumb(item.title)]
        case Commitment():
            return [Crumb(_("Commitments"), reverse("commitments")), Crumb(str(item))]
        case ActionPlan():
            return [Crumb(_("Action plans"), reverse("action-plans")), Crumb(item.title)]
        case Activity():
            return [
                Crumb(_("Action plans"), reverse("action-plans")),
                Crumb(item.plan.title, reverse("action-plan-detail", args=[item.plan_id])),
                Crumb(_("Activity %(number)s") % {"number": item.number}),
            ]
        case Donor():
            return [Crumb(_("Donors and partners"), reverse("donors")), Crumb(item.name)]
    raise TypeError(f"no breadcrumbs for {type(item).__name__}")


DETAIL_PAGES: dict[type[Any], str] = {
    Opportunity: "opportunity-detail",
    Project: "project-detail",
    Obligation: "obligation-detail",
    Need: "need-detail",
    Training: "training-detail",
    CoordinationMeeting: "meeting-detail",
    Commitment: "commitment-detail",
    ActionPlan: "action-plan-detail",
}


def trail(item: Any, here: str = "") -> list[Crumb]:
    """The crumbs to ``item``'s page; ``here`` names a page under it (its form, its brief),
    and the item then links to its own page."""
    crumbs = _register_and_item(item)
    if not here:
        return crumbs
    page = DETAIL_PAGES.get(type(item))
    last = crumbs[-1]
    linked = Crumb(last.label, reverse(page, args=[item.pk]) if page else "")
    return [*crumbs[:-1], linked, Crumb(here)]
