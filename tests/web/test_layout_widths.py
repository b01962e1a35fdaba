"""The layout between a phone and a desktop, in headless Chromium on the demo data.

- At a tablet's width (800 px) and a desktop's (1280 px) the widest pages (the registers, the
  dashboard, the units, the route report) never scroll sideways: a wide table scrolls in its
  own box. One browser context per width keeps the walk short.
- On a desktop the header is compact: its links fit in a few short rows.
- A register's filter form folds on a phone (closed unless a filter is set, its button saying
  how many are), so the first result is on the first screen; on a desktop it is open.

Screenshots of the register with its folded filters go to test-artifacts/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser import PHONE, SCREENSHOTS, fits
from tests.web.every_page import build_world, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE_PAGES = ["/register/", "/projects/", "/obligations/", "/dashboard/", "/units/"]
WIDE_PAGES += ["/reports/route/"]
WIDTHS = [800, 1280]
# The header of the person with the most links (the department's coordinator), at most this
# tall on a desktop: two rows of 44 px targets and their padding.
HEADER_MOST = 110

# The element reaching furthest right, to name the cause of a page that scrolls sideways.
WIDEST = """() => {
  let right = document.documentElement.clientWidth + 1, widest = null;
  for (const element of document.body.querySelectorAll("*")) {
    const edge = element.getBoundingClientRect().right;
    if (edge > right) { right = edge; widest = element; }
  }
  const name = widest ? widest.tagName.toLowerCase() + (widest.id ? "#" + widest.id : "") +
    [...widest.classList].map((c) => "." + c).join("") : "?";
  return [document.documentElement.scrollWidth, name];
}"""

# The top of the register's first result row.
FIRST_ROW = "() => document.querySelector('main table tbody tr').getBoundingClientRect().top"


def test_wide_pages_never_scroll_sideways_on_a_tablet_or_a_desktop(
    browser: Browser, live_server: Any
) -> None:
    build_world()
    too_wide: list[str] = []
    for width in WIDTHS:
        viewport: ViewportSize = {"width": width, "height": 800}
        page = signed_in(browser, live_server.url, "coordinator", viewport)
        for path in WIDE_PAGES:
            _open(page, live_server.url + path)
            if not fits(page):
                scroll_width, widest = page.evaluate(WIDEST)
                too_wide.append(f"{path} at {width} px: {scroll_width} px wide ({widest})")
        if width >= 1024:
            height = page.locator("header.top").bounding_box()
            assert height is not None
            assert height["height"] <= HEADER_MOST, (
                f"the header takes {height['height']} px of 800 at {width} px"
            )
        page.context.close()
    assert too_wide == [], "pages that scroll sideways:\n" + "\n".join(too_wide)


def test_a_registers_filters_fold_on_a_phone_and_stay_open_on_a_desktop(
    browser: Browser, live_server: Any
) -> None:
    build_world()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = signed_in(browser, live_server.url, "coordinator", PHONE)
    for path in ("/register/", "/projects/", "/obligations/", "/needs/", "/trainings/"):
        _open(page, live_server.url + path)
        fold = page.locator("details.filters-fold")
        expect(fold).not_to_have_attribute("open", "")
        expect(fold.locator("form.filters")).to_be_hidden()
        top = page.evaluate(FIRST_ROW)
        assert top < PHONE["height"], f"{path}: the first result starts at y = {top} px"
        if path == "/register/":
            page.screenshot(path=str(SCREENSHOTS / "phone-register-filters-folded.png"))
    # A tap opens the form; a filter set keeps it open and the button counts it.
    _open(page, live_server.url + "/register/")
    fold = page.locator("details.filters-fold")
    fold.locator("summary").click()
    form = fold.locator("form.filters")
    expect(form).to_be_visible()
    form.locator("select[name=state]").select_option("identified")
    form.get_by_role("button", name="გაფილტვრა").click()
    page.wait_for_url("**/register/?*state=identified*")
    expect(page.locator("details.filters-fold")).to_have_attribute("open", "")
    expect(page.locator("details.filters-fold > summary")).to_contain_text("1")
    page.screenshot(path=str(SCREENSHOTS / "phone-register-filters-set.png"))
    # A desktop shows the form open, without a tap.
    page.set_viewport_size({"width": 1280, "height": 800})
    _open(page, live_server.url + "/register/")
    expect(page.locator("details.filters-fold form.filters")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "desktop-register-filters.png"))
    page.context.close()


def _open(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("load")
