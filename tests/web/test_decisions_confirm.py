"""Deciding several items at once in a real browser: nothing is decided until the person
confirms the dialog, as with a single decision on its brief."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, expect

from tests.browser import phone_page
from workflow.models import Opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bulk_approval_waits_for_the_confirmation(
    browser, live_server, minister, make_opportunity
) -> None:
    first = make_opportunity(state="presented")
    second = make_opportunity(state="presented")
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "minister", refused)
    page.goto(f"{live_server.url}/decisions/")
    page.locator(f"#select-{first.pk}").check()
    page.locator(f"#select-{second.pk}").check()
    approve = page.locator("button[name=decision][value=approve]")

    asked: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    approve.click()
    assert asked and "დამტკიცება" in asked[0]
    page.wait_for_timeout(500)  # a form sent regardless would have decided by now
    expect(page.locator(".messages li")).to_have_count(0)
    assert set(Opportunity.objects.values_list("state", flat=True)) == {"presented"}

    page.once("dialog", lambda dialog: dialog.accept())
    approve.click()
    expect(page.locator(".messages")).to_contain_text(first.reference)
    assert set(Opportunity.objects.values_list("state", flat=True)) == {"approved"}
    assert refused == []


def test_with_nothing_ticked_it_says_to_tick_one_instead_of_asking_to_confirm(
    browser, live_server, minister, make_opportunity
) -> None:
    make_opportunity(state="presented")
    refused: list[str] = []
    page = phone_page(browser, live_server.url, "minister", refused)
    page.goto(f"{live_server.url}/decisions/")
    shown: list[tuple[str, str]] = []

    def note(dialog: Dialog) -> None:
        shown.append((dialog.type, dialog.message))
        dialog.accept()  # accepting an alert must still send nothing

    page.on("dialog", note)
    for decision in ("approve", "return_for_revision", "reject"):
        page.locator(f"button[name=decision][value={decision}]").click()
    page.wait_for_timeout(500)  # a form sent regardless would have answered by now
    assert shown == [("alert", "მონიშნეთ მინიმუმ ერთი ჩანაწერი.")] * 3
    expect(page.locator(".messages li")).to_have_count(0)
    assert set(Opportunity.objects.values_list("state", flat=True)) == {"presented"}
    assert refused == []
