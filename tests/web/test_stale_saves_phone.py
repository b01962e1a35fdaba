"""A stale save on a phone (390 px wide), in headless Chromium: a focal point corrects a
quarter's status that someone else corrected while the page was open; the refusal shows both
reports without scrolling sideways, keeps what was typed, and a second tap saves it.
Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actionplans.models import ActivityReport
from actionplans.services import activity_add, activity_report, plan_create, section_add
from tests.browser import SCREENSHOTS, fits, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_quarters_status_corrected_meanwhile_is_refused_and_kept_on_a_phone(
    browser, live_server, unit, focal_point, coordinator
) -> None:
    year = timezone.localdate().year
    plan = plan_create(user=coordinator, fields={"year": year, "title": f"სამოქმედო გეგმა {year}"})
    section = section_add(plan=plan, user=coordinator, number="1.1", title="დონორული დახმარება")
    activity = activity_add(
        plan=plan,
        user=coordinator,
        fields={
            "section": section,
            "number": "1.1.1",
            "text": "სამინისტროს საჭიროებების იდენტიფიცირება",
            "responsible_unit": unit,
        },
    )
    activity_report(
        activity=activity,
        user=focal_point,
        quarter=1,
        status="in_progress",
        progress="კითხვარი დაგზავნილია",
    )
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "focal", refused)
    page.goto(f"{live_server.url}/action-plans/activities/{activity.pk}/report/?quarter=1")
    expect(page.locator("#id_progress")).to_have_value("კითხვარი დაგზავნილია")

    # Someone else of the unit corrects the quarter while the page is open.
    activity_report(
        activity=activity,
        user=focal_point,
        quarter=1,
        status="delayed",
        progress="პასუხები ჯერ არ მოსულა ორი დანაყოფიდან, ვადა გადაიწია მეორე კვარტალზე",
    )
    typed = "კითხვარი შევსებულია ყველა დანაყოფის მიერ, პასუხები დამუშავდა"
    page.locator("#id_progress").fill(typed)
    page.locator("form.stack button").click()

    expect(page.locator("#stale-values")).to_be_visible()
    expect(page.locator("#stale-values")).to_contain_text("ვადა გადაიწია მეორე კვარტალზე")
    expect(page.locator("#id_progress")).to_have_value(typed)
    assert fits(page), "the refused status form scrolls sideways at 390 px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "action-plan-status-stale-phone.png"), full_page=True)
    assert ActivityReport.objects.get().status == "delayed"

    page.locator("form.stack button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(plan.title)
    stored = ActivityReport.objects.get()
    # What was typed is saved; the status, left alone, keeps what the other person saved.
    assert (stored.progress, stored.status, stored.version) == (typed, "delayed", 3)
    assert refused == []
