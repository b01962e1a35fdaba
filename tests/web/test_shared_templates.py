"""The partials every domain's pages share."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("ka", Decimal("1250000"), "1 250 000.00 EUR"),
        ("en", Decimal("1250000.5"), "1,250,000.50 EUR"),
        ("ka", None, "—"),
    ],
)
def test_amounts_are_grouped_the_way_the_language_writes_them(language, amount, expected) -> None:
    template = Template('{% include "web/_amount.html" with currency="EUR" %}')
    with translation.override(language):
        assert template.render(Context({"amount": amount})) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/login/", "/", "/public/projects/"])
def test_every_page_names_its_icon_so_no_browser_asks_for_a_missing_one(
    address, client, viewer
) -> None:
    client.force_login(viewer)
    page = client.get(address).content.decode()
    assert '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">' in page
    assert (Path(settings.BASE_DIR) / "web/static/web/favicon.svg").read_text().startswith("<svg")
