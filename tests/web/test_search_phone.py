"""The search from any page's box on a phone (390 px wide), in headless Chromium: part of a
Georgian word finds the opportunity, the results fit the screen, and a register sorted by a
header and saved as a filter opens again from its link. Screenshots go to
test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import SCREENSHOTS, fits, phone_page
from workflow.models import Opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def test_search_from_a_pages_box_and_a_saved_filter_on_a_phone(
    browser, live_server, focal_point, make_opportunity: Callable[..., Opportunity]
) -> None:
    wanted = make_opportunity(title="საზღვრის მართვის შესაძლებლობების განვითარება")
    make_opportunity(title="სასწავლო ცენტრის აღჭურვა")
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "focal", refused)

    page.goto(f"{live_server.url}/meetings/")
    box = page.locator("header #search-box-q")
    expect(box).to_be_visible()
    assert fits(page), "the page with the search box scrolls sideways at 390 px"
    box.fill("ვითარ")  # the middle of a word
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    expect(page.get_by_role("link", name=wanted.title)).to_be_visible()
    expect(page.get_by_text("სასწავლო ცენტრის")).to_have_count(0)
    assert fits(page), "the search results scroll sideways at 390 px"
    page.screenshot(path=str(_shot("40-search-results-phone")), full_page=True)

    page.goto(f"{live_server.url}/register/?sort=title")
    expect(page.locator('th[aria-sort="ascending"]')).to_have_count(1)
    page.locator(".saved-filters summary").click()
    page.locator("#saved-filter-name").fill("სათაურით")
    page.locator('.saved-filters form[action="/search/filters/"] button').click()
    page.wait_for_url("**/register/?sort=title")
    saved = page.get_by_role("link", name="სათაურით")
    expect(saved).to_have_attribute("href", "/register/?sort=title")
    assert fits(page), "the register with its saved filters scrolls sideways at 390 px"
    page.screenshot(path=str(_shot("41-register-saved-filter-phone")), full_page=True)
    assert refused == []
