"""Turning one cell's text into a value, or saying plainly what is wrong with it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
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


class SpreadsheetNumber(str):
    """The text of a cell the spreadsheet stored as a number, written plainly ("1250000.5").

    Such a cell is read as it stands: "250.125" from a number cell is a quarter thousand and a
    bit, while the same text typed by hand could be a Georgian 250 125."""


# Excel's day 0 is 1899-12-30 (it counts a 29 February 1900 that never was).
_SPREADSHEET_EPOCH = datetime.date(1899, 12, 30)
# Serial numbers read as dates: 1950-01-01 to 2099-12-31. A bare number outside them in a
# date column is a typing mistake, not a date.
_SERIALS = range(18264, 73415)
_DATE_PATTERNS = (
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%y",
    "%d/%m/%y",
    "%Y/%m/%d",
)


def date(value: str) -> datetime.date:
    """A date as people and spreadsheets write it: 2026-03-31, 31.03.2026, 31/03/26, with a
    time of day after it ("2026-03-31 00:00:00"), or a spreadsheet's serial day number."""
    text = value.strip()
    if isinstance(value, SpreadsheetNumber) or text.isdigit():
        serial = _serial(text)
        if serial is not None:
            return serial
    day = re.split(r"[ T]", text, maxsplit=1)[0]
    for pattern in _DATE_PATTERNS:
        try:
            return datetime.datetime.strptime(day, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("“%(value)s” is not a date (write 2026-03-31 or 31.03.2026).") % {"value": text}
    )


def _serial(text: str) -> datetime.date | None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.to_integral_value() or number not in _SERIALS:
        return None
    return _SPREADSHEET_EPOCH + datetime.timedelta(days=int(number))


# Spaces people put between thousands: ordinary, no-break, narrow no-break, thin.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]+")
_EXPONENT = re.compile(r"[0-9.]*[eE][+-]?[0-9]+")


def decimal(value: str) -> Decimal:
    """The text's number, read as Georgians type them: "1 250 000,50", "1.250.000,00",
    "250 000", or plainly "1250000.50". One separator followed by exactly three digits
    ("250,000", "1.250") is refused: it could be a thousands separator or a decimal mark.

    Text longer than MAX_NUMBER_CHARS, or a power of ten beyond MAX_EXPONENT, is refused
    before any arithmetic: "1e300000" is short, yet turning it into a whole number takes
    seconds."""
    text = value.strip()
    if len(text) > MAX_NUMBER_CHARS:
        raise CellError(
            _("“%(value)s…” is longer than a number can be (%(limit)s characters).")
            % {"value": text[:20], "limit": MAX_NUMBER_CHARS}
        )
    plain = text if isinstance(value, SpreadsheetNumber) else _plain_number(text)
    try:
        number = Decimal(plain)
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from exc
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number.") % {"value": text})
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise CellError(
            _("“%(value)s” is out of the range of numbers a register holds.") % {"value": text}
        )
    return number


def _plain_number(text: str) -> str:
    """ "1 250 000,50" → "1250000.50"; text that is no number comes back for Decimal to refuse."""
    sign = ""
    if text[:1] in {"-", "+", "\u2212"}:
        sign, text = ("-" if text[0] != "+" else ""), text[1:].lstrip()
    if _EXPONENT.fullmatch(text):
        return sign + text
    spaced = bool(_SPACES.search(text))
    text = _SPACES.sub(" ", text)
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        # Both marks: the last one is the decimal mark, the other separates thousands.
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas + dots == 0:
        decimal_mark = ""
    else:
        mark = "," if commas else "."
        whole, _mark, fraction = text.rpartition(mark)
        if commas + dots > 1:
            decimal_mark = ""  # "1.250.000": the mark separates thousands
        elif spaced or len(fraction) != 3 or whole in {"", "0"} or len(whole) > 3:
            decimal_mark = mark  # "1 250,5", "0,125", "1250,000"
        else:
            raise CellError(
                _(
                    "“%(value)s” can be read two ways: as %(thousands)s or as %(fraction)s. "
                    "Write thousands with a space (%(spaced)s) or without a separator, and "
                    "the decimal part after a comma."
                )
                % {
                    "value": sign + text,
                    "thousands": whole + fraction,
                    "fraction": whole + ("," + fraction.rstrip("0") if fraction.strip("0") else ""),
                    "spaced": f"{whole} {fraction}",
                }
            )
    whole, _mark, fraction = text.partition(decimal_mark) if decimal_mark else (text, "", "")
    groups = re.split(r"[ ,.]", whole)
    grouped = len(groups) > 1
    if grouped and not (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
        return text  # "12 50" or "1.25.0": not a number anyone writes; Decimal refuses it
    return sign + "".join(groups) + ("." + fraction if decimal_mark else "")


def whole_number(value: str) -> int:
    number = decimal(value)
    if number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": value.strip()})
    return int(number)


def yes_no(value: str) -> bool:
    folded = value.strip().casefold()
    if folded in {"1", "yes", "true", "კი", "დიახ"}:
        return True
    if folded in {"0", "no", "false", "არა"}:
        return False
    raise CellError(_("“%(value)s” is not yes or no.") % {"value": value})


def folded(value: str) -> str:
    """Text compared loosely: case, spacing and a trailing colon or full stop do not count."""
    return " ".join(value.casefold().split()).rstrip(" :.")


def _labels(label: Any) -> list[str]:
    """A choice's label as Georgian and as English users write it."""
    names = []
    for language in ("ka", "en"):
        with translation.override(language):
            names.append(str(label))
    return names


# More choices than this are not listed in a refusal; the blank file lists them all.
_LISTED_CHOICES = 12


class Choice:
    """A code of the choice list, its label in Georgian or English, or one of the other words
    clerks use for it (``aliases``: code → words, such as "მიმდინარე" for a project under
    way)."""

    def __init__(
        self,
        choices: Iterable[tuple[str, Any]],
        aliases: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.options = list(choices)
        self.aliases = aliases or {}

    def labels(self) -> list[str]:
        """The labels in the current language, for the blank file's list of allowed values."""
        return [str(label) for _code, label in self.options]

    def __call__(self, value: str) -> str:
        wanted = folded(value)
        for code, label in self.options:
            names = [str(code), *_labels(label), *self.aliases.get(str(code), ())]
            if wanted in {folded(name) for name in names}:
                return str(code)
        if len(self.options) > _LISTED_CHOICES:
            raise CellError(
                _("“%(value)s” is not one of the allowed values; the blank file lists them.")
                % {"value": value.strip()}
            )
        raise CellError(
            _("“%(value)s” is not one of: %(labels)s.")
            % {"value": value.strip(), "labels": "; ".join(self.labels())}
        )


def choice(
    choices: Iterable[tuple[str, Any]], *, aliases: Mapping[str, tuple[str, ...]] | None = None
) -> Choice:
    return Choice(choices, aliases)


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


class Several:
    """A list in one cell, separated by semicolons."""

    def __init__(self, each: Callable[[str], Any]) -> None:
        self.each = each

    def __call__(self, value: str) -> list[Any]:
        return [self.each(part) for part in value.split(";") if part.strip()]


def several(parse: Callable[[str], Any]) -> Several:
    return Several(parse)
