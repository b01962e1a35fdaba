"""Georgian text without a space in it (a pasted report, a long reference) wraps where it
stands rather than widening the page: the commitment, its status report's page, the gap
analysis and the indicator comparison, on a phone and on a desktop."""

from __future__ import annotations

from typing import Any

import pytest

from commitments.models import Framework
from commitments.services import commitment_create
from projects.models import Obligation
from projects.services.commitment_reports import commitment_report_submit
from projects.services.obligations import obligation_transition
from tests.browser import SCREENSHOTS, fits, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNBROKEN = "ვალდებულება" * 300


def test_unbroken_words_wrap_on_a_phone_and_a_desktop(
    browser: Any, live_server: Any, coordinator: Any, focal_point: Any, unit: Any
) -> None:
    commitment = commitment_create(
        user=coordinator,
        fields={
            "framework": Framework.objects.get(code="eu-aa"),
            "reference": '=HYPERLINK("http://example.org/' + "x" * 50 + '","x")',
            "text_ka": UNBROKEN,
            "responsible_unit": unit,
        },
        indicators=[{"name": UNBROKEN[:200], "measure": "text"}],
    )
    commitment_report_submit(
        commitment=commitment,
        user=focal_point,
        report=UNBROKEN,
        assessment="off_track",
        values={},
    )
    report = Obligation.objects.get(commitment=commitment, kind="status_report")
    obligation_transition(obligation=report, user=coordinator, name="accept")
    pages = [
        f"/commitments/{commitment.pk}/",
        f"/obligations/{report.pk}/",
        "/commitments/gaps/",
        f"/commitments/{commitment.pk}/comparison/",
    ]
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "coordinator", refused)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            page.goto(f"{live_server.url}{path}")
            page.wait_for_url(f"{live_server.url}{path}")
            if not fits(page):
                page.screenshot(path=str(SCREENSHOTS / f"long-words-{width}.png"), full_page=True)
            assert fits(page), f"{path} at {width} px scrolls sideways"
            shown = page.content()
            assert UNBROKEN[:50] in shown or "HYPERLINK" in shown, path
    assert refused == []
    page.context.close()
