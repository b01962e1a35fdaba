"""Currencies and DAC purpose codes are named in the person's language: each active code of the
shipped codelists has a name marked for translation, and the choices follow the language."""

from __future__ import annotations

import pytest
from django.utils import translation

from core.codelists import (
    CURRENCY_CHOICES,
    active_codes,
    currency_choices,
    sector_choices,
)
from core.codelists.names import CURRENCY_NAMES, SECTOR_NAMES
from tests.web import signed_in


def test_every_active_code_has_a_name_and_every_name_a_code() -> None:
    assert set(CURRENCY_NAMES) == active_codes("Currency")
    assert set(SECTOR_NAMES) == active_codes("Sector")


def _label(choices: list[tuple[str, object]], code: str) -> str:
    return str(dict(choices)[code])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ka", {"GEL": "GEL — ლარი", "EUR": "EUR — ევრო", "USD": "USD — აშშ დოლარი"}),
        ("en", {"GEL": "GEL — Lari", "EUR": "EUR — Euro", "USD": "USD — US Dollar"}),
    ],
)
def test_currencies_in_the_persons_language(language, expected) -> None:
    with translation.override(language):
        for code, label in expected.items():
            assert _label(currency_choices(), code) == label
            # The list built once, when the app started, follows the language too.
            assert _label(CURRENCY_CHOICES, code) == label


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ka", {"15132": "15132 — პოლიცია", "15136": "15136 — იმიგრაცია"}),
        ("en", {"15132": "15132 — Police", "15136": "15136 — Immigration"}),
    ],
)
def test_dac_purpose_codes_in_the_persons_language(language, expected) -> None:
    with translation.override(language):
        for code, label in expected.items():
            assert _label(sector_choices(), code) == label


@pytest.mark.django_db
def test_the_forms_offer_them_in_georgian_and_in_english(coordinator) -> None:
    client = signed_in(coordinator)
    # The pages switch the thread's language; give the next test back the one it had.
    with translation.override(translation.get_language()):
        page = client.get("/projects/new/").content.decode()
        assert "15132 — პოლიცია" in page and "EUR — ევრო" in page
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        page = client.get("/projects/new/").content.decode()
        assert "15132 — Police" in page and "EUR — Euro" in page
