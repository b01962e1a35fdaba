"""Every page each role opens, for the browser tests that walk them all (the phone width, axe).

The pages come from the authorization matrix (tests/security/test_authorization_matrix.py):
its table names every route with the roles that get it and its data set gives each route real
arguments, so a page added to the app is walked here as soon as the matrix knows it. On top of
it, the detail page of an opportunity in each state and the brief of one waiting for a decision,
which the matrix opens for one opportunity only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from core.models import Donor
from tests.security.test_authorization_matrix import (
    EVERYONE,
    SIGNED_IN_READ,
    UNNAMED,
    WEB,
    _key,
    _routes,
    _url,
    _world,
)
from workflow.models import Opportunity

# The demo's people, one per role: a unit's focal point, the department (IRD), top management,
# a unit's head, the department's head (a unit head whose unit is the department) and a viewer.
PEOPLE = ["focal", "coordinator", "minister", "head", "irdhead", "viewer"]
# People the matrix does not name, and the matrix role whose pages they open (only the pages
# every signed-in person may open: irdhead heads another unit than the matrix's items').
STAND_INS = {"irdhead": "head"}
PASSWORD = "demo-pass-1"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}

# Routes that hand out a file (PDF, spreadsheet, feed, XML, JSON), not a page.
FILES = {
    "attachment-download",
    "calendar-feed",
    "commitment-document-download",
    "decision-pack",
    "iati-export",
    "import-template",
    "meeting-minutes-pdf",
    "project-document-download",
    "project-fiche",
    "public-projects-atom",
    "public-projects-json",
}


@dataclass(frozen=True)
class Visit:
    name: str  # the route's name, with the opportunity's state for the extra ones
    url: str


def build_world() -> dict[str, Any]:
    """The matrix's data set (the demo data and a record of every kind), as its fixture has it."""
    world = _world()
    world["unit"] = world["users"]["focal"].role_assignments.first().unit_id
    donor = Donor.objects.first()
    assert donor is not None
    world["donor"] = donor.pk
    return world


def pages_for(person: str, world: dict[str, Any]) -> list[Visit]:
    """Every page ``person`` may open by GET (a 200 in the matrix), in the matrix's order."""
    role = STAND_INS.get(person, person)
    visits = []
    for route, name in _routes():
        key = _key(route, name)
        if route in UNNAMED or key.startswith("api:") or key in FILES:
            continue
        if key not in WEB:  # a route without a rule: the matrix's first test names it
            continue
        _kwargs, rule = WEB[key]
        if role not in rule.allowed:
            continue
        if person in STAND_INS and rule not in (EVERYONE, SIGNED_IN_READ):
            continue
        visits.append(Visit(key, _url(route, key, world)))
    for state in Opportunity.State:
        opportunity = Opportunity.objects.filter(state=state).order_by("pk").first()
        if opportunity is not None:
            url = reverse("opportunity-detail", kwargs={"pk": opportunity.pk})
            visits.append(Visit(f"opportunity-detail ({state})", url))
    waiting = Opportunity.objects.filter(state=Opportunity.State.PRESENTED).order_by("pk").first()
    if waiting is not None and "decision-brief" in {v.name for v in visits}:
        url = reverse("decision-brief", kwargs={"pk": waiting.pk})
        visits.append(Visit("decision-brief (presented)", url))
    return visits


def signed_in(
    browser: Browser, base: str, person: str, viewport: ViewportSize, *, bypass_csp: bool = False
) -> Page:
    """A context of its own for ``person``, signed in through the sign-in page."""
    context: BrowserContext = browser.new_context(
        locale="ka-GE", viewport=viewport, bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.locator("#id_username").fill(person)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_url(f"{base}/")
    return page
