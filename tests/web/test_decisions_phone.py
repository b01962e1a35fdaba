"""The decision brief and the inbox on a phone (390 px wide), in headless Chromium: nothing
scrolls sideways, nothing is refused by the content security policy, and the minister can
decide with a thumb. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import SCREENSHOTS, fits, phone_page
from workflow.models import KeyPerformanceIndicator, Opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_brief_and_inbox_on_aphone_page(browser, live_server, minister, make_opportunity) -> None:
    long_title = "სასაზღვრო გამშვები პუნქტების თანამედროვე აღჭურვილობით უზრუნველყოფა " * 2
    waiting = make_opportunity(
        state="presented",
        title=long_title.strip(),
        estimated_value=Decimal("1250000"),
        currency="EUR",
        application_deadline=timezone.localdate() - datetime.timedelta(days=2),
        ird_recommendation="გირჩევთ დამტკიცებას " * 30,
    )
    KeyPerformanceIndicator.objects.create(
        opportunity=waiting, name="აღჭურვილი პუნქტები " * 5, baseline=0, target=12
    )
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "minister", refused)

    page.goto(f"{live_server.url}/decisions/")
    assert fits(page), "the inbox scrolls sideways at 390 px"
    page.screenshot(path=str(_shot("05-decisions-inbox-phone")), full_page=True)

    page.get_by_role("link", name=waiting.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("სასაზღვრო გამშვები")
    assert fits(page), "the brief scrolls sideways at 390 px"
    page.screenshot(path=str(_shot("06-decision-brief-phone")), full_page=True)

    approve = page.locator("#decide button[value=approve]")
    box = approve.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 150
    page.once("dialog", lambda dialog: dialog.accept())
    approve.click()
    expect(page.locator(".messages")).to_contain_text(waiting.reference)
    waiting.refresh_from_db()
    assert waiting.state == Opportunity.State.APPROVED
    assert refused == []


def _shot(name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
