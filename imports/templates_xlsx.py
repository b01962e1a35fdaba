"""The blank workbook of a register, for people to fill in: its column headers, one example
row, and a second sheet listing the values each choice column allows (offered as a drop-down
in the first sheet).

Cells are typed as the register reads them best: dates as date cells with a date format,
amounts and counts as numbers (the currency has its own column). A number typed into a
number cell never meets the question of which mark separates thousands.
"""

from __future__ import annotations

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheets import AMOUNT_FORMAT, COUNT_FORMAT, DATE_FORMAT
from imports import cells
from imports.file_bounds import MAX_ROWS
from imports.registers import Column, Register

EXAMPLE_FONT = Font(italic=True, color="808080")


def number_format(column: Column) -> str | None:
    """The format of the column's cells, or None for text."""
    if column.parse is cells.date:
        return DATE_FORMAT
    if column.parse is cells.decimal:
        return AMOUNT_FORMAT
    if column.parse is cells.whole_number:
        return COUNT_FORMAT
    return None


def allowed_values(column: Column) -> list[str]:
    """The labels a choice column takes (one of them, or several for a list column)."""
    parse = column.parse
    if isinstance(parse, cells.Several):
        parse = parse.each
    return parse.labels() if isinstance(parse, cells.Choice) else []


def _example(column: Column) -> object:
    if isinstance(column.example, (datetime.date, int, float)):
        return column.example
    return str(column.example)


def blank_workbook(register: Register) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(register.label)[:31]
    sheet.append([column.header() for column in register.columns])
    sheet.append([_example(column) for column in register.columns])
    for header, example, column in zip(sheet[1], sheet[2], register.columns, strict=True):
        letter = header.column_letter
        header.font = Font(bold=column.required)
        example.font = EXAMPLE_FONT
        sheet.column_dimensions[letter].width = max(14, len(column.header()) + 4)
        form = number_format(column)
        if form:
            # On the column, so the rows people add get it too.
            sheet.column_dimensions[letter].number_format = form
            example.number_format = form
    sheet.freeze_panes = "A2"
    _allowed_values_sheet(book, sheet, register)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _allowed_values_sheet(book: Workbook, sheet: Worksheet, register: Register) -> None:
    values = book.create_sheet(_("allowed values")[:31])
    column_number = 0
    for position, column in enumerate(register.columns, start=1):
        labels = allowed_values(column)
        if not labels:
            continue
        column_number += 1
        letter = get_column_letter(column_number)
        values.cell(row=1, column=column_number, value=column.header()).font = Font(bold=True)
        for row, label in enumerate(labels, start=2):
            values.cell(row=row, column=column_number, value=label)
        values.column_dimensions[letter].width = max(16, *(len(label) for label in labels[:50]))
        if isinstance(column.parse, cells.Choice):
            # A drop-down of the labels; a code or the other language's label is still
            # accepted on import, so typing one is not blocked.
            source = f"'{values.title}'!${letter}$2:${letter}${len(labels) + 1}"
            offer = DataValidation(type="list", formula1=source, allow_blank=True)
            offer.showErrorMessage = False
            target = get_column_letter(position)
            offer.add(f"{target}2:{target}{MAX_ROWS + 1}")
            sheet.add_data_validation(offer)
