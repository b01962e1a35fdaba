"""A register's filters are labelled as any form is: with a capital letter in English, and in
Georgian as written (Georgian has no capitals)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from core.filters import capitalise_labels
from tests.web import signed_in
from web.forms.gaps import GapFilterForm

pytestmark = pytest.mark.django_db


def _labels(page: str) -> list[str]:
    form = page[page.index('class="filters"') :]
    form = form[: form.index("</form>")]
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r"<label[^>]*>(.*?)</label>", form)
    ]


def test_the_registers_filters_start_with_a_capital_in_english(focal_point) -> None:
    client = signed_in(focal_point)
    client.post("/i18n/setlang/", {"language": "en", "next": "/register/"})
    labels = _labels(client.get("/register/").content.decode())
    assert "Owning unit" in labels and "Sort by" in labels
    assert [label for label in labels if label[:1].islower()] == []


def test_in_georgian_the_labels_are_left_as_written(focal_point) -> None:
    labels = _labels(signed_in(focal_point).get("/register/").content.decode())
    assert "პასუხისმგებელი ერთეული" in labels
    assert not any(re.search("[\u1c90-\u1cbf]", label) for label in labels)  # no Mtavruli


def test_a_plain_filter_form_is_labelled_alike() -> None:
    with translation.override("en"):
        form = GapFilterForm()
        assert [str(f.label) for f in form.fields.values()] == [
            "Framework",
            "Unit",
            "No answer yet only",
        ]
    with translation.override("ka"):
        form = GapFilterForm()
        capitalise_labels(form)  # a second pass changes nothing either
        assert not any(re.search("[\u1c90-\u1cbf]", str(f.label)) for f in form.fields.values())
