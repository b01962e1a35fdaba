"""The refused rows of a checked file, as a workbook to correct and upload again.

The rows are taken from the kept file itself, under its own headers, so what the clerk sees
is what they typed; a last column gives the reasons, and the importer leaves that column out
when the corrected file comes back.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import append_row
from imports.cells import SpreadsheetNumber
from imports.models import ImportBatch
from imports.readers import read_table
from imports.registers import REASON_LABEL, REGISTERS
from imports.services import ERROR

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def refused_line_count(report: dict) -> int:  # type: ignore[type-arg]
    return sum(1 for row in report.get("rows", []) if row["outcome"] == ERROR)


def _value(text: str) -> object:
    """A number cell goes back as a number and a date cell as a date, as they came."""
    if isinstance(text, SpreadsheetNumber):
        number = Decimal(str(text))
        return int(number) if number == number.to_integral_value() else number
    if _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def refused_rows_workbook(*, batch: ImportBatch) -> bytes:
    register = REGISTERS[batch.register]
    refused = {
        row["line"]: row["messages"] for row in batch.report["rows"] if row["outcome"] == ERROR
    }
    table = read_table(batch.file_name, bytes(batch.content), header_score=register.header_score)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(register.label)[:31]
    sheet.append([*table.headers, str(REASON_LABEL)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line, cells_by_header in table.rows:
        if line not in refused:
            continue
        append_row(
            sheet,
            [_value(cells_by_header.get(header, "")) for header in table.headers]
            + [" ".join(refused[line])],
        )
    reason = sheet.cell(row=1, column=len(table.headers) + 1).column_letter
    sheet.column_dimensions[reason].width = 60
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
