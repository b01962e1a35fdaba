"""Every page of every role on a phone (390x844), in headless Chromium: no document is wider
than the screen, so nothing scrolls sideways. The pages are the authorization matrix's (see
tests/web/every_page.py) on the demo data. On the way: the menu folds behind its button on a
phone and stays open on a desktop, and the decision pages' controls are as tall as a thumb.
The key pages are photographed at 390 px and at 1280 px into test-artifacts/screenshots/
(``phone-<page>.png``, ``desktop-<page>.png``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
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

# Top management decides with a thumb: on the inbox and the brief every control, and every
# link that moves between items, is at least 44 px tall.
THUMB_PAGES = {"decisions", "decision-brief", "decision-brief (presented)"}
SMALL_TARGETS = """() => [...document.querySelectorAll(
    "header summary, #notification-bell, main button, main summary, main input[type=checkbox]," +
    " main .brief-nav a, main .brief-title a, main a.button")]
  .filter((element) => element.getClientRects().length > 0)
  .filter((element) => element.getBoundingClientRect().height < 44)
  .map((element) => element.outerHTML.slice(0, 80))"""


# Every link and button of the open menu that reaches past the screen's right edge (the page
# itself may not scroll sideways when the menu lies over it, so the width alone misses them).
MENU_OUTSIDE = """() => [...document.querySelectorAll(
    "details[data-menu] .menu-body :is(a, button, select, summary, span)")]
  .filter((element) => element.getClientRects().length > 0)
  .filter((element) => element.getBoundingClientRect().right > window.innerWidth ||
    element.getBoundingClientRect().left < 0)
  .map((element) => `${element.textContent.trim().slice(0, 40)}: ` +
    `${Math.round(element.getBoundingClientRect().left)}-` +
    `${Math.round(element.getBoundingClientRect().right)} px`)"""


def test_no_page_of_any_role_scrolls_sideways_on_a_phone(browser: Browser, live_server) -> None:
    world = build_world()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    too_wide: list[str] = []
    too_small: list[str] = []
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
            if visit.name in THUMB_PAGES:
                small = page.evaluate(SMALL_TARGETS)
                if small:
                    too_small.append(f"{person} {visit.name}: {', '.join(small)}")
            if visit.name == "home":
                _menu_folds_on_a_phone(page, photograph=person == PEOPLE[0])
            if name := _key_page(person, visit.name):
                _photograph(page, name)
        page.context.close()
    assert walked > 200, f"only {walked} pages walked: the matrix's table was not read"
    assert too_wide == [], "pages wider than a 390 px phone:\n" + "\n".join(too_wide)
    assert too_small == [], "targets under 44 px on the decision pages:\n" + "\n".join(too_small)


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


def _menu_folds_on_a_phone(page: Page, *, photograph: bool) -> None:
    """The menu is folded behind its button on a phone, opens with a tap with every link on
    the screen, and is always open at a desktop's width (and folds again back on the phone)."""
    menu, button = page.locator("header nav"), page.locator("details[data-menu] > summary")
    expect(menu).to_be_hidden()
    button.click()
    expect(menu).to_be_visible()
    outside = page.evaluate(MENU_OUTSIDE)
    assert outside == [], "links of the open menu past the phone's right edge:\n" + "\n".join(
        outside
    )
    if photograph:
        page.screenshot(path=str(SCREENSHOTS / "phone-menu.png"))
    page.set_viewport_size(DESKTOP)
    expect(button).to_be_hidden()
    expect(menu).to_be_visible()
    page.set_viewport_size(PHONE)
    expect(menu).to_be_hidden()


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
