"""Rows added and removed in place (web/static/web/formsets.js), in headless Chromium on a
phone: a KPI and a budget line are added, a new row is taken out and the rows after it are
numbered again, a saved row is marked for removal, and what is saved is what the page showed.
The item's page then shows its breadcrumbs and next step without scrolling sideways."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from commitments.models import DonorPriority
from projects.models import BudgetLine, ProjectParticipant
from tests.browser import SCREENSHOTS, fits, phone_page
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _rows(page: Page, prefix: str):
    return page.locator(f'[data-formset="{prefix}"] [data-formset-rows] > [data-formset-row]')


def _total(page: Page, prefix: str) -> str:
    return page.locator(f'input[name="{prefix}-TOTAL_FORMS"]').input_value()


def _shot(name: str) -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")


def test_kpi_rows_are_added_and_removed_in_place(browser, live_server, make_opportunity) -> None:
    opportunity = make_opportunity()  # with one saved KPI
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "focal", refused)
    page.goto(f"{live_server.url}/opportunities/{opportunity.pk}/edit/")
    kpis = _rows(page, "kpi")
    expect(kpis).to_have_count(3)  # the saved KPI and two blank rows
    assert _total(page, "kpi") == "3"

    page.locator('[data-formset="kpi"] [data-formset-add]').click()
    expect(kpis).to_have_count(4)
    assert _total(page, "kpi") == "4"
    expect(page.locator('input[name="kpi-3-name"]')).to_be_focused()
    page.locator('input[name="kpi-3-name"]').fill("placeholder row")

    # A new row goes; the rows after it take its number.
    kpis.nth(1).locator("[data-formset-remove]").click()
    expect(kpis).to_have_count(3)
    assert _total(page, "kpi") == "3"
    expect(page.locator('input[name="kpi-2-name"]')).to_have_value("placeholder row")
    expect(page.locator('input[name="kpi-3-name"]')).to_have_count(0)
    # Every input of every row has a label, which names the row's number.
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('[data-formset] [data-formset-row] :is(input, select)')]
        .filter((e) => e.type !== 'hidden' && e.labels.length === 0).map((e) => e.name)"""
    )
    assert unlabelled == []
    assert (page.locator('label[for="id_kpi-2-name"]').text_content() or "").strip().endswith("3")

    page.locator('input[name="kpi-2-name"]').fill("გადამზადებული ინსტრუქტორები")
    page.locator('input[name="kpi-2-target"]').fill("12")
    # The saved KPI is marked for removal: its box is ticked and the row stays, struck.
    kpis.nth(0).locator("[data-formset-remove]").click()
    expect(page.locator('input[name="kpi-0-DELETE"]')).to_be_checked()
    expect(kpis.nth(0)).to_have_class("row-removed")
    assert fits(page), "the KPI rows scroll sideways at 390 px"
    page.screenshot(path=_shot("30-kpi-rows-in-place-phone"), full_page=True)

    page.locator("form.stack > button").last.click()
    page.wait_for_url(f"**/opportunities/{opportunity.pk}/")
    assert [(k.name, k.target) for k in opportunity.kpis.all()] == [
        ("გადამზადებული ინსტრუქტორები", Decimal(12))
    ]
    # The item's page: breadcrumbs and the next step, within the phone's width.
    expect(page.locator("nav.breadcrumbs")).to_contain_text(opportunity.reference)
    expect(page.locator("p.next-step")).to_be_visible()
    assert fits(page), "the opportunity's page scrolls sideways at 390 px"
    page.screenshot(path=_shot("31-opportunity-next-step-phone"), full_page=True)
    assert refused == []


def test_budget_lines_are_added_and_removed_in_place(
    browser, live_server, coordinator, unit, donor
) -> None:
    project = ProjectFactory.create(created_by=coordinator, title_ka="სასაზღვრო პროექტი")
    ProjectParticipant.objects.create(project=project, role="1", donor=donor)
    ProjectParticipant.objects.create(project=project, role="4", unit=unit)
    BudgetLine.objects.create(
        project=project,
        amount=Decimal("500000"),
        currency="EUR",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "coordinator", refused)
    page.goto(f"{live_server.url}/projects/{project.pk}/edit/")
    lines = _rows(page, "budget")
    expect(lines).to_have_count(2)  # the saved line and a blank one

    add = page.locator('[data-formset="budget"] [data-formset-add]')
    add.click()
    add.click()
    expect(lines).to_have_count(4)
    assert _total(page, "budget") == "4"
    lines.nth(2).locator("[data-formset-remove]").click()
    expect(lines).to_have_count(3)
    assert _total(page, "budget") == "3"
    page.locator('input[name="budget-2-amount"]').fill("30000")
    page.locator('select[name="budget-2-currency"]').select_option("GEL")
    page.locator('input[name="budget-2-period_start"]').fill("2027-01-01")
    page.locator('input[name="budget-2-period_end"]').fill("2027-12-31")
    assert fits(page), "the project form scrolls sideways at 390 px"

    page.locator("form.stack > button").last.click()
    page.wait_for_url(f"**/projects/{project.pk}/")
    assert sorted((b.currency, b.amount) for b in project.budget_lines.all()) == [
        ("EUR", Decimal("500000")),
        ("GEL", Decimal("30000")),
    ]
    expect(page.locator("nav.breadcrumbs")).to_contain_text("სასაზღვრო პროექტი")
    assert fits(page), "the project's page scrolls sideways at 390 px"
    assert refused == []


def test_priority_cards_are_added_and_removed_in_place(
    browser, live_server, coordinator, donor
) -> None:
    """The rows drawn as cards (a donor's priority areas, a commitment's indicators)."""
    DonorPriority.objects.create(donor=donor, theme="ძველი თემა")
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "coordinator", refused)
    page.goto(f"{live_server.url}/donors/{donor.pk}/priorities/")
    cards = _rows(page, "priorities")
    expect(cards).to_have_count(3)  # the saved row and two blank ones
    expect(page.locator("[data-formset-no-script]")).to_be_hidden()
    expect(page.locator('input[name="priorities-0-DELETE"]')).to_be_hidden()

    page.locator('[data-formset="priorities"] [data-formset-add]').click()
    expect(cards).to_have_count(4)
    page.locator('input[name="priorities-3-theme"]').fill("მიგრაცია")
    cards.nth(1).locator("[data-formset-remove]").click()
    expect(cards).to_have_count(3)
    assert _total(page, "priorities") == "3"
    expect(page.locator('input[name="priorities-2-theme"]')).to_have_value("მიგრაცია")
    expect(cards.nth(2).locator("legend")).to_contain_text("3.")
    cards.nth(0).locator("[data-formset-remove]").click()
    expect(page.locator('input[name="priorities-0-DELETE"]')).to_be_checked()
    assert fits(page), "the priority cards scroll sideways at 390 px"

    page.locator("form.stack > button").last.click()
    page.wait_for_url("**/donors/**")
    assert [p.theme for p in donor.priorities.all()] == ["მიგრაცია"]
    assert refused == []
