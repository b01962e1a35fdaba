"""Every page under axe-core, in headless Chromium: no serious or critical accessibility
violation on any page any role opens (the pages of tests/web/every_page.py, on the demo data).

axe-core is the npm registry's, pinned and checked by ``make axe`` (var/axe/axe.min.js); it is
handed to the test's browser only, through a context that ignores the content security policy
for the injected script, and never served by the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import PHONE
from tests.web.every_page import DESKTOP, PEOPLE, build_world, pages_for, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "var" / "axe" / "axe.min.js"
SEVERE = ("serious", "critical")

# The violations of impact serious or critical, each with the first few elements it names.
RUN_AXE = """async (severe) => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations
    .filter((violation) => severe.includes(violation.impact))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
}"""


def test_no_page_has_a_serious_accessibility_violation(browser: Browser, live_server) -> None:
    assert AXE.exists(), f"{AXE} is missing: run `make axe`"
    world = build_world()
    problems: list[str] = []
    checked: set[str] = set()
    for person in PEOPLE:
        page = signed_in(browser, live_server.url, person, PHONE, bypass_csp=True)
        for visit in pages_for(person, world):
            # A page is checked once, by the first person who opens it; each home page differs.
            if visit.url in checked and visit.name != "home":
                continue
            checked.add(visit.url)
            response = page.goto(live_server.url + visit.url)
            assert response is not None and response.status == 200, visit.url
            problems += _violations(page, f"{person} {visit.name} {visit.url}")
            if visit.name == "home":
                # The header's menu, folded on a phone: open, then on a wide screen.
                page.locator("details[data-menu] > summary").click()
                problems += _violations(page, f"{person} home, the menu open on a phone")
                page.set_viewport_size(DESKTOP)
                problems += _violations(page, f"{person} home at {DESKTOP['width']} px")
                page.set_viewport_size(PHONE)
        page.context.close()
    assert len(checked) > 60, f"only {len(checked)} pages checked: the matrix's table was not read"
    assert problems == [], "serious or critical accessibility violations:\n" + "\n".join(problems)


def _violations(page: Page, where: str) -> list[str]:
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [
        f"{where}: {violation['rule']} ({violation['impact']}) at {', '.join(violation['targets'])}"
        for violation in page.evaluate(RUN_AXE, list(SEVERE))
    ]
