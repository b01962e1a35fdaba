"""Numbers on pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def figure(value: Any) -> Any:
    """A number as the page shows it; one that is not finite (a NaN written around the model's
    checks, which PostgreSQL's numeric holds) is shown as a dash instead of failing the page in
    Django's number formatting."""
    if isinstance(value, Decimal | float) and not Decimal(value).is_finite():
        return "—"
    return value
