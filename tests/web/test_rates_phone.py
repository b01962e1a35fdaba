"""The rates pages and a project's budget in lari on a phone (390 px wide), in headless
Chromium: a refused file's reasons stand by the file field, nothing scrolls sideways, nothing
is refused by the content security policy. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from projects.models import BudgetLine
from rates.models import ExchangeRate
from tests.browser import SCREENSHOTS, fits, phone_page
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_rates_and_read_a_budget_in_lari_on_a_phone(
    browser, live_server, coordinator, tmp_path: Path
) -> None:
    project = ProjectFactory.create(
        created_by=coordinator,
        title_ka="სოფლის გზების რეაბილიტაციის პროექტი",
        planned_start=datetime.date(2026, 3, 2),
    )
    BudgetLine.objects.create(project=project, amount=Decimal("2500000"), currency="EUR")
    BudgetLine.objects.create(project=project, amount=Decimal("400000"), currency="USD")
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "coordinator", refused)

    bad = tmp_path / "rates.csv"
    bad.write_text("date,currency,quantity,rate\n2026-03-02,USD,1,abc\n", encoding="utf-8")
    page.goto(f"{live_server.url}/rates/upload/")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator("form.stack button").click()
    expect(page.locator("#refusals")).to_contain_text("სტრიქონი 2")
    assert fits(page), "the refused upload scrolls sideways at 390 px"
    page.screenshot(path=str(_shot("rates-upload-refused-phone")), full_page=True)
    assert not ExchangeRate.objects.exists()

    good = tmp_path / "good.csv"
    good.write_text(
        "თარიღი,ვალუტა,რაოდენობა,კურსი\n2026-03-02,USD,1,2.7120\n2026-03-02,EUR,1,3.0125\n",
        encoding="utf-8",
    )
    page.locator("input[type=file]").set_input_files(str(good))
    page.locator("form.stack button").click()
    page.wait_for_url(f"{live_server.url}/rates/")
    expect(page.locator("#latest")).to_contain_text("3.0125")
    assert fits(page), "the rates page scrolls sideways at 390 px"
    page.screenshot(path=str(_shot("rates-list-phone")), full_page=True)

    page.goto(f"{live_server.url}/projects/{project.pk}/")
    # 2 500 000 × 3.0125 + 400 000 × 2.7120
    expect(page.locator("#budget-gel")).to_contain_text("8 616 050.00 GEL")
    page.locator("#budget-gel summary").click()
    assert fits(page), "the project's budget in lari scrolls sideways at 390 px"
    page.locator("#budget-gel").screenshot(path=str(_shot("project-budget-gel-phone")))
    assert refused == []


def _shot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
