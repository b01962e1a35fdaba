"""The registers' filters speak the person's language: in English no Georgian is left in them,
and a yes/no filter's empty choice reads "all", not "undetermined"."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from django.utils import timezone, translation

from tests.web import signed_in

pytestmark = pytest.mark.django_db

# Registers whose filters include a yes/no one (missed deadline, overdue).
YES_NO = {"/register/": "missed", "/obligations/": "overdue"}
REGISTERS = [*YES_NO, "/projects/", "/commitments/", "/needs/", "/trainings/"]


@pytest.fixture(autouse=True)
def _language_given_back() -> Iterator[None]:
    """The pages switch the thread's language; give the next test back the one it had."""
    with translation.override(translation.get_language()):
        yield


def _filter_form(page: str) -> str:
    """The register's own filter form, in the page's content (not the header's search box)."""
    found = re.search(r'<form[^>]*method="get".*?</form>', page[page.index("<main") :], re.S)
    assert found is not None, "the page has no filter form"
    return found.group(0)


def _choices(form: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', form, re.S)
    assert select is not None, f"no {name} filter"
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select[0])]


@pytest.mark.parametrize("url", REGISTERS)
def test_in_english_no_georgian_is_left_in_the_filters(coordinator, url) -> None:
    client = signed_in(coordinator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    form = _filter_form(client.get(url).content.decode())
    georgian = sorted(set(re.findall(r"[\u10a0-\u10ff\u1c90-\u1cbf]+", form)))
    assert georgian == [], f"Georgian left in the English filters of {url}: {georgian}"


@pytest.mark.parametrize(("url", "name"), YES_NO.items())
def test_a_yes_no_filter_offers_all_yes_and_no(coordinator, url, name) -> None:
    client = signed_in(coordinator)
    assert _choices(_filter_form(client.get(url).content.decode()), name) == [
        "ყველა",
        "კი",
        "არა",
    ]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert _choices(_filter_form(client.get(url).content.decode()), name) == ["All", "Yes", "No"]


def test_the_yes_no_filter_still_filters(coordinator, make_opportunity) -> None:
    missed = make_opportunity(
        state="identified", application_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    kept = make_opportunity(
        state="identified", application_deadline=timezone.localdate() + datetime.timedelta(days=9)
    )
    client = signed_in(coordinator)
    only_missed = client.get("/register/?missed=true").content.decode()
    assert missed.reference in only_missed and kept.reference not in only_missed
    everything = client.get("/register/?missed=").content.decode()
    assert missed.reference in everything and kept.reference in everything
    assert 'value="true" selected' in _filter_form(only_missed)
