"""Reading a spreadsheet (XLSX) or a CSV file into rows of text cells keyed by their header."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.errors import ActionBlocked

MAX_ROWS = 5000


@dataclass
class Table:
    headers: list[str]
    # (line number as the user sees it in the file, header → cell text)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def read_table(name: str, content: bytes) -> Table:
    """Refuse, with a reason the user can act on, a file that cannot be read as a table."""
    if not content:
        raise ActionBlocked(_("The file is empty."))
    extension = PurePath(name).suffix.lower()
    if extension == ".xlsx":
        lines = _xlsx_lines(content)
    elif extension == ".csv":
        lines = _csv_lines(content)
    else:
        raise ActionBlocked(_("Import an XLSX or a CSV file."))
    return _table(lines)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return (value.date() if value.time() == datetime.time() else value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_lines(content: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ActionBlocked(
            _("The file cannot be read as an XLSX workbook. Save it again from the spreadsheet.")
        ) from exc
    try:
        sheet = book.worksheets[0]
        return [
            [_cell_text(value) for value in row]
            for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)
        ]
    finally:
        book.close()


def _csv_lines(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ActionBlocked(
            _("The CSV file is not in UTF-8. Save it as “CSV UTF-8” and import it again.")
        ) from exc
    if "\x00" in text:
        raise ActionBlocked(_("The file cannot be read as a CSV table."))
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise ActionBlocked(
            _("The file cannot be read as a CSV table: %(error)s") % {"error": exc}
        ) from exc


def _table(lines: list[list[str]]) -> Table:
    numbered = [(number, line) for number, line in enumerate(lines, start=1) if any(line)]
    if not numbered:
        raise ActionBlocked(_("The file has no rows."))
    headers = [header.strip() for header in numbered[0][1]]
    data = numbered[1:]
    if not data:
        raise ActionBlocked(_("The file has a header row but no data rows."))
    if len(data) > MAX_ROWS:
        raise ActionBlocked(
            _("The file has more than %(limit)s rows; split it into smaller files.")
            % {"limit": MAX_ROWS}
        )
    table = Table(headers=headers)
    for number, line in data:
        cells = {
            header: (line[index] if index < len(line) else "")
            for index, header in enumerate(headers)
            if header
        }
        table.rows.append((number, cells))
    return table
