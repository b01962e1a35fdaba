"""The dashboard's charts in headless Chromium, on a phone and on a desktop: every chart is drawn
(a Chart.js chart on a canvas of some size), the content security policy refuses nothing, the
page does not scroll sideways, and the unit filter carries to the registers. Screenshots go to
test-artifacts/screenshots/."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from commitments.models import Commitment, Framework
from core.models import OrganisationalUnit, User
from projects.models import BudgetLine, Obligation
from tests.browser import SCREENSHOTS, fits, phone_page
from tests.factories import DonorFactory, OpportunityFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = [
    "funnel-chart",
    "timings-chart",
    "funding-year-chart",
    "funding-donor-chart",
    "funding-unit-chart",
    "compliance-chart",
    "commitments-chart",
]


def _figures(coordinator: User, unit: OrganisationalUnit, other: OrganisationalUnit) -> None:
    today = timezone.localdate()
    for n in range(6):
        OpportunityFactory.create(owning_unit=unit if n % 2 else other, created_by=coordinator)
    donor = DonorFactory.create(acronym="EU")
    for n, (lead, currency) in enumerate(((unit, "EUR"), (other, "EUR"), (unit, "USD"))):
        project = ProjectFactory.create(created_by=coordinator, planned_start=today)
        project.participants.create(role="1", donor=donor)
        project.participants.create(role="4", unit=lead)
        project.participants.create(role="partner", unit=other if lead == unit else unit)
        BudgetLine.objects.create(
            project=project, amount=Decimal(1000 * (n + 1)), currency=currency
        )
        Obligation.objects.create(
            project=project,
            kind=Obligation.Kind.NARRATIVE_REPORT,
            description="ანგარიში",
            responsible_unit=lead,
            due_date=today - datetime.timedelta(days=10),
            state="open",
            created_by=coordinator,
        )
    statuses = [status for status, _label in Commitment.Status.choices]
    for number, code in enumerate(("eu-aa", "nato-anp")):
        for n, status in enumerate(statuses):
            Commitment.objects.create(
                framework=Framework.objects.get(code=code),
                reference=f"{number}.{n}",
                text_ka="ვალდებულება",
                responsible_unit=unit if n % 2 else other,
                status=status,
                created_by=coordinator,
            )


def _drawn(page, chart: str) -> dict[str, float | bool]:
    return page.evaluate(
        """id => {
          const canvas = document.querySelector(`canvas[data-chart="${id}"]`);
          const box = canvas.getBoundingClientRect();
          return {chart: !!window.Chart.getChart(canvas), width: box.width, height: box.height};
        }""",
        chart,
    )


def test_the_dashboard_draws_its_charts_under_the_policy(
    browser: Browser,
    live_server,
    coordinator: User,
    unit: OrganisationalUnit,
    other_unit: OrganisationalUnit,
) -> None:
    _figures(coordinator, unit, other_unit)
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "coordinator", refused)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#funnel h2")).to_be_visible()
    page.wait_for_function("() => window.Chart && document.querySelectorAll('canvas').length")
    for chart in CHARTS:
        drawn = _drawn(page, chart)
        assert drawn["chart"], chart
        assert 0 < drawn["width"] <= 390 and drawn["height"] > 0, (chart, drawn)
    assert fits(page), "the dashboard scrolls sideways at 390 px"
    page.screenshot(path=str(_shot("40-dashboard-charts-phone")), full_page=True)

    # One unit: the form keeps it, and a figure opens the register for that unit alone.
    page.get_by_label("ერთეული", exact=True).select_option(str(unit.pk))
    page.locator("#dashboard-filter button").click()
    page.wait_for_url(re.compile(rf"/dashboard/\?unit={unit.pk}&"))
    expect(page.locator("#funnel a.reached").first).to_have_attribute(
        "href", f"/register/?reached=identified&owning_unit={unit.pk}"
    )
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")
    assert fits(page)
    assert refused == []

    desktop = browser.new_context(
        locale="ka-GE",
        viewport={"width": 1280, "height": 900},
        storage_state=page.context.storage_state(),  # signed in as on the phone
    )
    wide = desktop.new_page()
    wide.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    wide.goto(f"{live_server.url}/dashboard/")
    wide.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")
    for chart in CHARTS:
        assert _drawn(wide, chart)["chart"], chart
    wide.screenshot(path=str(_shot("41-dashboard-charts-desktop")), full_page=True)
    assert refused == []


def _shot(name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
