"""An empty workbook with a register's column headers, for people to fill in."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from imports.registers import Register


def blank_workbook(register: Register) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(register.label)[:31]
    sheet.append([column.header() for column in register.columns])
    for cell, column in zip(sheet[1], register.columns, strict=True):
        cell.font = Font(bold=column.required)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.header()) + 4)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
