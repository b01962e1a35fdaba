"""Turning one cell's text into a value, or saying plainly what is wrong with it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from core.models import Donor, OrganisationalUnit
from imports.file_bounds import MAX_NUMBER_CHARS

# No amount or count comes near 10**20, nor needs more than 20 decimal places.
MAX_EXPONENT = 20


class CellError(ValueError):
    """A cell whose text cannot be read; the message says what was expected."""


def text(value: str) -> str:
    return value.strip()


def date(value: str) -> datetime.date:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("“%(value)s” is not a date (write 2026-03-31 or 31.03.2026).") % {"value": value}
    )


def decimal(value: str) -> Decimal:
    """The text's number. Text longer than MAX_NUMBER_CHARS, or a power of ten beyond
    MAX_EXPONENT, is refused before any arithmetic: "1e300000" is short, yet turning it into
    a whole number takes seconds."""
    cleaned = re.sub(r"[\s\u00a0]", "", value)
    if len(cleaned) > MAX_NUMBER_CHARS:
        raise CellError(
            _("“%(value)s…” is longer than a number can be (%(limit)s characters).")
            % {"value": value.strip()[:20], "limit": MAX_NUMBER_CHARS}
        )
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from exc
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise CellError(
            _("“%(value)s” is out of the range of numbers a register holds.") % {"value": value}
        )
    return number


def whole_number(value: str) -> int:
    number = decimal(value)
    if number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(number)


def yes_no(value: str) -> bool:
    folded = value.strip().casefold()
    if folded in {"1", "yes", "true", "კი", "დიახ"}:
        return True
    if folded in {"0", "no", "false", "არა"}:
        return False
    raise CellError(_("“%(value)s” is not yes or no.") % {"value": value})


def _labels(label: Any) -> set[str]:
    """A choice's label as Georgian and as English users would write it."""
    names = set()
    for language in ("ka", "en"):
        with translation.override(language):
            names.add(str(label).casefold())
    return names


def choice(choices: Iterable[tuple[str, Any]]) -> Callable[[str], str]:
    """A code of the choice list or its label in Georgian or English."""
    options = list(choices)

    def parse(value: str) -> str:
        folded = value.strip().casefold()
        for code, label in options:
            if folded == str(code).casefold() or folded in _labels(label):
                return str(code)
        raise CellError(
            _("“%(value)s” is not one of: %(codes)s.")
            % {"value": value, "codes": ", ".join(str(code) for code, _label in options)}
        )

    return parse


def _one(queryset: models.QuerySet[Any], lookups: list[str], value: str, what: str) -> Any:
    query = models.Q()
    for lookup in lookups:
        query |= models.Q(**{f"{lookup}__iexact": value.strip()})
    found = list(queryset.filter(query)[:2])
    if len(found) == 1:
        return found[0]
    if not found:
        raise CellError(_("No %(what)s “%(value)s” is known.") % {"what": what, "value": value})
    raise CellError(
        _("“%(value)s” names more than one %(what)s; use the code.")
        % {"what": what, "value": value}
    )


def unit(value: str) -> OrganisationalUnit:
    return _one(OrganisationalUnit.objects.all(), ["code", "name_ka", "name_en"], value, _("unit"))


def donor(value: str) -> Donor:
    return _one(Donor.objects.all(), ["code", "acronym", "name_ka", "name_en"], value, _("donor"))


def found_by(
    queryset: Callable[[], models.QuerySet[Any]], lookups: list[str], what: str
) -> Callable[[str], Any]:
    def parse(value: str) -> Any:
        return _one(queryset(), lookups, value, what)

    return parse


def several(parse: Callable[[str], Any]) -> Callable[[str], list[Any]]:
    """A list in one cell, separated by semicolons."""

    def parse_all(value: str) -> list[Any]:
        return [parse(part) for part in value.split(";") if part.strip()]

    return parse_all
