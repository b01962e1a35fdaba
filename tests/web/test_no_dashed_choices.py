"""No select box of any page offers Django's bare ``---------`` for its empty choice: a filter
says what the empty choice means ("ყველა"), a data-entry form says that nothing is chosen, in
words. The pages are every page of every role, as the phone walk has them (the authorization
matrix's table on the demo data, tests/web/every_page.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from tests.web.every_page import PEOPLE, build_world, pages_for
from web.forms.action_plans import PlanImportForm
from web.forms.trainings import TrainingForm

pytestmark = pytest.mark.django_db

DASHES = "---------"
SELECT = re.compile(r'<select name="([^"]*)"[^>]*>(.*?)</select>', re.DOTALL)


def test_no_page_of_any_role_offers_a_dashed_empty_choice() -> None:
    world = build_world()
    dashed: list[str] = []
    walked = 0
    for person in PEOPLE:
        client = Client()
        client.force_login(world["users"][person])
        for visit in pages_for(person, world):
            response = client.get(visit.url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            walked += 1
            html = response.content.decode()
            selects = [m.group(1) for m in SELECT.finditer(html) if DASHES in m.group(2)]
            if selects or DASHES in html:
                dashed.append(f"{person} {visit.name} {visit.url}: {', '.join(selects) or '?'}")
    assert walked > 200, f"only {walked} pages walked: the matrix's table was not read"
    assert dashed == [], "pages with a dashed empty choice:\n" + "\n".join(dashed)


def _empty_choice(html: str, name: str) -> str:
    select = next(m.group(2) for m in SELECT.finditer(html) if m.group(1) == name)
    empty = re.search(r'<option value=""[^>]*>([^<]*)</option>', select)
    assert empty is not None, name
    return empty.group(1)


def test_a_filter_left_empty_reads_all(viewer) -> None:
    client = Client()
    client.force_login(viewer)
    register = client.get("/register/").content.decode()
    for name in ("owning_unit", "donor", "reached", "stuck"):
        assert _empty_choice(register, name) == "ყველა", name
    gaps = client.get("/commitments/gaps/").content.decode()
    assert _empty_choice(gaps, "framework") == "ყველა"
    assert _empty_choice(gaps, "unit") == "ყველა"


def test_a_form_says_whether_a_choice_is_needed_or_may_be_left(coordinator) -> None:
    with translation.override("en"):
        imported = PlanImportForm(user=coordinator).as_p()
        assert _empty_choice(imported, "unit") == "— the department&#x27;s own plan —"
        assert _empty_choice(imported, "responsible_unit") == "— none —"
        training = TrainingForm(user=coordinator).as_p()
        assert _empty_choice(training, "unit") == "— choose —"  # required
        assert _empty_choice(training, "project") == "— none —"  # may stay empty
