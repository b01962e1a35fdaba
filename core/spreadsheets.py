"""Spreadsheet cells, written one way for every workbook the app makes (exports, blank import
files, refused rows): a Python value becomes a typed cell with the format that shows it, and
text people typed stays text.

The Python type says what a value is: the registers keep money as ``Decimal``, counts as
``int`` and durations in days as ``float``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# Day first, as the pages show dates; the cell still holds a date, whatever the display.
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "0"
DAYS_FORMAT = "0.0"


def typed(value: Any) -> tuple[Any, str | None]:
    """The value as a spreadsheet cell holds it, and the number format that displays it."""
    if isinstance(value, bool):
        return value, None
    if isinstance(value, datetime.datetime):
        # Spreadsheets know no time zones: the local time the pages show.
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(tzinfo=None), DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    if isinstance(value, Decimal):
        return value, AMOUNT_FORMAT
    if isinstance(value, int):
        return value, COUNT_FORMAT
    if isinstance(value, float):
        return value, DAYS_FORMAT
    return value, None


def append_row(sheet: Worksheet, values: Iterable[Any]) -> list[tuple[Cell, Any]]:
    """Append ``values`` as one typed row; returns each cell with the value written."""
    cells = [typed(value) for value in values]
    sheet.append([value for value, _format in cells])
    written = []
    for cell, (value, number_format) in zip(sheet[sheet.max_row], cells, strict=False):
        # openpyxl stores any text starting with "=" as a formula; people's text stays text.
        if cell.data_type == "f":
            cell.data_type = "s"
        if number_format is not None:
            cell.number_format = number_format
        written.append((cell, value))
    return written
