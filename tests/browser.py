"""What the browser tests share: where Chromium is and how it starts here, where screenshots
go, a signed-in page 390 px wide that records what the content security policy refused, and
whether a page scrolls sideways. The ``browser`` fixture itself is in tests/conftest.py."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, expect

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
# As root on a closed network Chromium needs these (see README, "Development").
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PHONE: ViewportSize = {"width": 390, "height": 844}


def phone_page(browser: Browser, base: str, username: str, refused: list[str]) -> Page:
    """``username`` signed in on a phone; what the policy refuses is added to ``refused``."""
    page = browser.new_context(locale="ka-GE", viewport=PHONE).new_page()
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(f"{base}/login/")
    page.get_by_label("მომხმარებლის სახელი").fill(username)
    page.get_by_label("პაროლი").fill("pass-1234")
    page.get_by_role("button", name="შესვლა").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("მოგესალმებით")
    return page


def fits(page: Page) -> bool:
    """Nothing on the page scrolls sideways."""
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )
