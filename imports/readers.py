"""Reading a spreadsheet (XLSX) or a CSV file into rows of text cells keyed by their header."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.errors import ActionBlocked
from imports.file_bounds import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    cell_too_long,
    refuse_unbounded_xlsx,
    too_many_columns,
    too_many_rows,
    unreadable,
)

# What openpyxl, zipfile and expat raise on a broken or hostile workbook.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    IndexError,
    OSError,
    EOFError,
    ValueError,
    TypeError,
    OverflowError,
    SyntaxError,  # ElementTree's ParseError
    RuntimeError,  # an encrypted part
    NotImplementedError,  # an unknown compression
)


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


def _xlsx_lines(content: bytes) -> list[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            refuse_unbounded_xlsx(archive)
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                # The size a sheet declares is not trusted: openpyxl would fill every row out
                # to it. Cells past MAX_COLUMNS hold nothing (refused above), and the rows
                # skipped between two far apart cost one test each.
                sheet.reset_dimensions()
                numbered: list[tuple[int, list[str]]] = []
                for number, row in enumerate(
                    sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
                ):
                    if row.count(None) == len(row):
                        continue
                    cells = [_cell_text(value) for value in row]
                    while cells and not cells[-1]:
                        cells.pop()
                    if cells:
                        if len(numbered) > MAX_ROWS:
                            raise too_many_rows()
                        numbered.append((number, cells))
                return numbered
            finally:
                book.close()
    except ActionBlocked:
        raise
    except _UNREADABLE as exc:
        raise unreadable() from exc


def _csv_lines(content: bytes) -> list[tuple[int, list[str]]]:
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
    lines: list[tuple[int, list[str]]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            cells = [cell.strip() for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                if number > 2 * MAX_ROWS:  # a file of blank lines is not read to its end
                    raise too_many_rows()
                continue
            if len(lines) > MAX_ROWS:
                raise too_many_rows()
            if len(cells) > MAX_COLUMNS:
                raise too_many_columns(number)
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise cell_too_long()
            lines.append((number, cells))
    except csv.Error as exc:
        raise ActionBlocked(
            _("The file cannot be read as a CSV table: %(error)s") % {"error": exc}
        ) from exc
    return lines


def _table(numbered: list[tuple[int, list[str]]]) -> Table:
    """``numbered``: the file's non-empty lines with their line numbers."""
    if not numbered:
        raise ActionBlocked(_("The file has no rows."))
    headers = [header.strip() for header in numbered[0][1]]
    data = numbered[1:]
    if not data:
        raise ActionBlocked(_("The file has a header row but no data rows."))
    if len(data) > MAX_ROWS:
        raise too_many_rows()
    table = Table(headers=headers)
    for number, line in data:
        cells = {
            header: (line[index] if index < len(line) else "")
            for index, header in enumerate(headers)
            if header
        }
        table.rows.append((number, cells))
    return table
