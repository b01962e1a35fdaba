"""The home page of a person holding every role, on a phone (390 px) and on a desktop, in
headless Chromium: nothing scrolls sideways, nothing is refused by the content security
policy, and a waiting decision opens its brief in one tap. Screenshots go to
test-artifacts/screenshots/."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import OrganisationalUnit
from core.roles import Role
from projects.models import Obligation
from tests.browser import SCREENSHOTS, fits, phone_page
from tests.factories import UserFactory
from workflow.models import Opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "სასაზღვრო გამშვები პუნქტების თანამედროვე აღჭურვილობით უზრუნველყოფა და მომსახურება"


def test_the_home_of_every_role_on_a_phone_and_a_desktop(
    browser: Any,
    live_server: Any,
    unit: OrganisationalUnit,
    make_opportunity: Callable[..., Opportunity],
    make_obligation: Callable[..., Obligation],
) -> None:
    UserFactory.create(
        username="everyone",
        roles=[
            (Role.FOCAL_POINT, unit),
            (Role.IRD_COORDINATOR, None),
            (Role.TOP_MANAGEMENT, None),
            (Role.UNIT_HEAD, unit),
            (Role.VIEWER, None),
        ],
    )
    today = timezone.localdate()
    waiting = make_opportunity(
        "presented", title=LONG, application_deadline=today + datetime.timedelta(days=3)
    )
    make_opportunity("approved", title=LONG)
    make_opportunity("identified", title=LONG, expected_results="", with_kpi=False)
    make_obligation(due_date=today - datetime.timedelta(days=20), description=LONG)
    make_obligation(due_date=today + datetime.timedelta(days=2), description=LONG)

    refused: list[str] = []
    page = phone_page(browser, live_server.url, "everyone", refused)
    for section in ("#decisions", "#overdue-by-unit", "#head-escalations", "#to-advance"):
        expect(page.locator(section)).to_be_visible()
    assert fits(page), "the home scrolls sideways at 390 px"
    page.screenshot(path=str(_shot("home-every-role-phone")), full_page=True)

    page.locator("#decisions").get_by_role("link", name=waiting.reference, exact=False).click()
    page.wait_for_url(f"**/decisions/{waiting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("სასაზღვრო გამშვები")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/")
    expect(page.locator("#decisions")).to_be_visible()
    page.screenshot(path=str(_shot("home-every-role-desktop")), full_page=True)
    assert refused == []


def _shot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
