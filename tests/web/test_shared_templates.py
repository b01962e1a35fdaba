"""The partials every domain's pages share."""

from __future__ import annotations

from decimal import Decimal

import pytest
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
