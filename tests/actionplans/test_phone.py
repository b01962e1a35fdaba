"""The action plan on a phone (390 px wide), in headless Chromium: the list, a plan with its
quarters, the status form and the import page scroll nothing sideways (the plan's wide table
scrolls in its own box), nothing is refused by the content security policy, and a focal point
reports a quarter with a thumb. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from actionplans.models import ActivityReport
from actionplans.services import activity_add, plan_create, section_add
from tests.browser import SCREENSHOTS, fits, phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_plan_and_its_status_form_on_a_phone(
    browser, live_server, unit, focal_point, coordinator
) -> None:
    from django.utils import timezone

    year = timezone.localdate().year
    plan = plan_create(user=coordinator, fields={"year": year, "title": f"სამოქმედო გეგმა {year}"})
    section = section_add(
        plan=plan, user=coordinator, number="1.1", title="დონორული დახმარების მოზიდვა"
    )
    activity = activity_add(
        plan=plan,
        user=coordinator,
        fields={
            "section": section,
            "number": "1.1.1",
            "text": "სამინისტროს საჭიროებების იდენტიფიცირება, მისი შემდგომი ანალიზი " * 3,
            "indicator": "განსაზღვრულია სამინისტროს საჭიროებები სპეციალურად შემუშავებული "
            "კითხვარისა და შსს მიერ აღებული ვალდებულებების მიხედვით",
            "deadline_text": f"{year} წელი",
            "responsible_unit": unit,
            "others_involved": "სამინისტროს შესაბამისი დანაყოფები",
        },
    )
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "focal", refused)
    page.goto(f"{live_server.url}/action-plans/")
    assert fits(page), "the list scrolls sideways at 390 px"
    page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(plan.title)
    assert fits(page), "the plan scrolls sideways at 390 px"
    page.screenshot(path=str(_shot("action-plan-phone")), full_page=True)

    page.goto(f"{live_server.url}/action-plans/activities/{activity.pk}/report/")
    page.screenshot(path=str(_shot("action-plan-status-phone")), full_page=True)
    assert fits(page), "the status form scrolls sideways at 390 px"
    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_progress").fill("კითხვარი დაგზავნილია ყველა დანაყოფში.")
    save = page.locator("form.stack button")
    box = save.bounding_box()
    assert box is not None and box["height"] >= 36
    save.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(plan.title)
    assert ActivityReport.objects.get().status == "in_progress"

    page.goto(f"{live_server.url}/action-plans/import/")
    assert fits(page), "the import page scrolls sideways at 390 px"
    page.screenshot(path=str(_shot("action-plan-import-phone")), full_page=True)
    assert refused == []


def _shot(name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
