"""The bounds of what people may enter, declared once.

Models declare their amounts, counts and dates with the fields below, so the web forms, the
API's serializers and the importers (which write through the services' model validation) all
refuse the same values with a message naming the field.

- Amounts: at most 15 significant digits. SQLite keeps a decimal as a double, which gives back
  exactly only 15 digits; a 16th came back changed and made every page that read it fail.
- Counts: people are counted up to a million per record, so totals over any register still fit
  the database's integers.
- Dates people enter: years FIRST_YEAR..LAST_YEAR. Due dates and recurrences computed from a
  date near year 9999 would run past the last date Python and the databases can hold.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

AMOUNT_MAX_DIGITS = 15
AMOUNT_DECIMAL_PLACES = 2
COUNT_MAX = 1_000_000
FIRST_YEAR = 1990
LAST_YEAR = 2100
# The longest gap between two occurrences of a recurring duty (ten years).
INTERVAL_DAYS_MAX = 3653


@deconstructible
class DateWindowValidator:
    """A date (or date-time) whose year lies in FIRST_YEAR..LAST_YEAR."""

    message = _("Enter a date between the years %(first)d and %(last)d.")
    code = "date_out_of_window"

    def __call__(self, value: datetime.date | None) -> None:
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                self.message, code=self.code, params={"first": FIRST_YEAR, "last": LAST_YEAR}
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateWindowValidator)

    def __hash__(self) -> int:
        return hash(DateWindowValidator)


date_in_window = DateWindowValidator()


class AmountField(models.DecimalField):  # type: ignore[type-arg]
    """A money amount, KPI or indicator value: 15 significant digits, 2 of them decimals."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", AMOUNT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", AMOUNT_DECIMAL_PLACES)
        super().__init__(*args, **kwargs)


class CountField(models.PositiveIntegerField):  # type: ignore[type-arg]
    """A number of people or things: 0..COUNT_MAX."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [MinValueValidator(0), MaxValueValidator(COUNT_MAX)])
        super().__init__(*args, **kwargs)


class EnteredDateField(models.DateField):  # type: ignore[type-arg]
    """A date a person enters: its year lies in FIRST_YEAR..LAST_YEAR."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [date_in_window])
        super().__init__(*args, **kwargs)


# Every amount the columns can hold lies strictly between -AMOUNT_LIMIT and AMOUNT_LIMIT.
AMOUNT_LIMIT = Decimal(10) ** (AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES)


def amount_is_a_number(field: str, *, name: str) -> models.CheckConstraint:
    """The database refuses NaN and the infinities in ``field``: PostgreSQL's numeric holds
    them, and a row written around the app's checks would fail every page that shows it. NaN
    compares greater than every number there, so the bound refuses it too."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gt": -AMOUNT_LIMIT, f"{field}__lt": AMOUNT_LIMIT}),
        name=name,
    )


def exact_amount(text: str) -> Decimal | None:
    """``text`` as an amount the register can keep, or None when it is no number or does not
    fit (too many digits before the point, an exponent beyond any amount). Used for amounts
    read from donors' files, where no form field stands between the text and the model: a
    donor's converted figure with fractions of a cent is rounded to the cent the register
    keeps rather than refusing the donor's whole file."""
    try:
        number = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    # Digits before the point: beyond the bound the amount cannot be kept, whatever its decimals.
    whole_digits = len(digits) + exponent
    if whole_digits > AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES:
        return None
    return number.quantize(Decimal(1).scaleb(-AMOUNT_DECIMAL_PLACES))


def ascii_whole_number(text: Any, *, most: int = 2**63 - 1) -> int | None:
    """Request text as a whole number 0..most written in ASCII digits, else None.

    ``str.isdigit`` is true for '²' or '١٢٣' too, and ``int`` fails on the first and reads the
    second; an id or a year in an address is written with 0-9 only."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(most)):
        return None
    number = int(text)
    return number if number <= most else None
