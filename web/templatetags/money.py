from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def money(value: Decimal | None, currency: str = "") -> str:
    """An amount grouped by thousands the way the active language writes it
    (Georgian: ``1 250 000.00 EUR``); an empty amount is a dash."""
    if value is None or value == "":
        return "—"
    amount = formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{amount} {currency}".strip()
