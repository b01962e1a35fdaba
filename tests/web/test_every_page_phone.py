"""Every page of every role on a phone (390x844), in headless Chromium: no document is wider
than the screen, so nothing scrolls sideways. The pages are the authorization matrix's (see
tests/web/every_page.py) on the demo data. The key pages are photographed at 390 px and at
1280 px into test-artifacts/screenshots/ (``phone-<page>.png``, ``desktop-<page>.png``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError

from tests.browser import PHONE, SCREENSHOTS, fits
from tests.web.every_page import DESKTOP, PEOPLE, build_world, pages_for, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The pages photographed, by the route's name in the walk: (who, file name).
KEY_PAGES = {
    "register": ("coordinator", "register"),
    "opportunity-detail (monitored)": ("coordinator", "opportunity"),
    "decisions": ("minister", "inbox"),
    "decision-brief (presented)": ("minister", "decision-brief"),
    "project-detail": ("coordinator", "project"),
    "obligations": ("coordinator", "obligations"),
    "dashboard": ("coordinator", "dashboard"),
    "calendar": ("focal", "calendar"),
    "commitments": ("coordinator", "commitments"),
    "action-plan-detail": ("focal", "action-plan"),
}

# The document's width and the outermost element that reaches furthest right, to name the cause.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  let right = width + 1, widest = null;
  for (const element of document.body.querySelectorAll("*")) {
    const edge = element.getBoundingClientRect().right;
    if (edge > right) { right = edge; widest = element; }
  }
  const name = widest ? widest.tagName.toLowerCase() + (widest.id ? "#" + widest.id : "") +
    [...widest.classList].map((c) => "." + c).join("") : "?";
  return [document.documentElement.scrollWidth, name];
}"""


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(browser: Browser, live_server) -> None:
    world = build_world()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide: list[str] = []
    walked = 0
    for person in PEOPLE:
        page = signed_in(browser, live_server.url, person, PHONE)
        for visit in pages_for(person, world):
            walked += 1
            if problem := _open(page, live_server.url + visit.url):
                too_wide.append(f"{person} {visit.name} {visit.url}: {problem}")
                continue
            if not fits(page):
                width, widest = page.evaluate(WIDEST)
                too_wide.append(f"{person} {visit.name} {visit.url}: {width} px wide ({widest})")
            if name := _key_page(person, visit.name):
                _photograph(page, name)
        page.context.close()
    assert walked > 200, f"only {walked} pages walked: the matrix's table was not read"
    assert too_wide == [], "pages wider than a 390 px phone:\n" + "\n".join(too_wide)


def _open(page: Page, url: str) -> str | None:
    """Open ``url`` and wait for it; what went wrong, if anything."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:  # a file handed out instead of a page
        return f"not a page ({error.message.splitlines()[0]})"
    if response is None or response.status != 200:
        return f"answered {response.status if response else 'nothing'}"
    page.wait_for_load_state("load")
    return None


def _key_page(person: str, visit: str) -> str | None:
    """The screenshot's name when this is a key page and ``person`` its photographer."""
    if visit == "home":
        return f"home-{person}"
    who, name = KEY_PAGES.get(visit, ("", ""))
    return name if who == person else None


def _photograph(page: Page, name: str) -> None:
    """The page as it is on the phone, then at a desktop's width."""
    page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SCREENSHOTS / f"desktop-{name}.png"), full_page=True)
    page.set_viewport_size(PHONE)
