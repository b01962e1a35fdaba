"""On a phone, in headless Chromium: a coordinator accepts a report in a tab opened before
another tab returned it. The refusal is shown on the obligation's page at the page's own
address (reloading it reads the page, sends nothing), the comment typed kept to copy.
Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from projects.models import Obligation
from projects.services.obligations import obligation_transition
from tests.browser import SCREENSHOTS, fits, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TYPED_COMMENT = "ანგარიში სრულია, დანართები შემოწმებულია"


def test_a_stale_accept_keeps_the_comment_at_the_pages_address(
    browser, live_server, make_obligation, focal_point, coordinator
) -> None:
    obligation = make_obligation()
    obligation_transition(obligation=obligation, user=focal_point, name="submit", report="x")
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "coordinator", refused)
    address = f"{live_server.url}/obligations/{obligation.pk}/"
    page.goto(address)

    # Another tab returns the report while this one is open.
    obligation_transition(
        obligation=obligation,
        user=coordinator,
        name="return_for_revision",
        comment="აკლია ხარჯების ცხრილი",
    )
    page.locator("summary", has_text="მიღება").click()  # the move's fold
    page.locator("#comment-accept").fill(TYPED_COMMENT)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator('form[action$="/transitions/accept/"] button').click()

    kept = page.locator("#refused textarea[readonly]")
    expect(kept).to_have_value(TYPED_COMMENT)
    expect(page).to_have_url(address)
    page.screenshot(path=str(SCREENSHOTS / "obligation-stale-accept-phone.png"), full_page=True)
    assert fits(page)

    # Reloading reads the page: the move is not sent again, nothing is refused.
    response = page.reload()
    assert response is not None and response.status == 200
    expect(page).to_have_url(address)
    obligation.refresh_from_db()
    assert obligation.state == Obligation.State.RETURNED
    assert refused == []
