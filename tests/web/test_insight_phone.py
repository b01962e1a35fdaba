"""The dashboard on a phone (390 px wide), in headless Chromium: the commitments' and the
action plan's tables read as cards, nothing scrolls sideways and nothing is refused by the
content security policy. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from actionplans.models import ActionPlan, Activity, ActivityReport, PlanSection
from commitments.models import Commitment, Framework
from core.models import OrganisationalUnit, User
from tests.browser import SCREENSHOTS, fits, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUSES = [status for status, _label in Commitment.Status.choices]


def test_the_dashboard_reads_on_a_phone(
    browser: Browser,
    live_server,
    coordinator: User,
    unit: OrganisationalUnit,
    other_unit: OrganisationalUnit,
) -> None:
    for number, code in enumerate(("eu-aa", "nato-anp", "un-cat", "coe-ecri")):
        framework = Framework.objects.get(code=code)
        for n, status in enumerate(STATUSES):
            Commitment.objects.create(
                framework=framework,
                reference=f"{number}.{n}",
                text_ka="ვალდებულება",
                responsible_unit=unit if n % 2 else other_unit,
                status=status,
                created_by=coordinator,
            )
    plan = ActionPlan.objects.create(
        year=timezone.localdate().year, title="IRD-ის სამოქმედო გეგმა", created_by=coordinator
    )
    section = PlanSection.objects.create(plan=plan, number="1.1", title="თანამშრომლობა")
    for n in range(4):
        activity = Activity.objects.create(
            plan=plan, section=section, number=f"1.1.{n}", text="საქმიანობა", responsible_unit=unit
        )
        ActivityReport.objects.create(
            activity=activity,
            quarter=1,
            status="done" if n % 2 else "in_progress",
            progress="…",
            reported_by=coordinator,
        )
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "coordinator", refused)

    page.goto(f"{live_server.url}/dashboard/#commitments")
    assert fits(page), "the dashboard scrolls sideways at 390 px"
    # Each figure is labelled with its status in words on the card (the header row is hidden).
    cell = page.locator("#commitments-framework td[data-status='off_track']").first
    words = cell.get_attribute("data-label")
    assert words  # not left to colour alone
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == f'"{words}: "'
    expect(page.locator("#plan-quarters tr[data-quarter='1'] a.done")).to_have_text("2")
    page.locator("#commitments").screenshot(path=str(_shot("30-dashboard-commitments-phone")))
    page.locator("#action-plan").screenshot(path=str(_shot("31-dashboard-action-plan-phone")))
    assert refused == []


def _shot(name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
