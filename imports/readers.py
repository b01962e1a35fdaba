"""Reading a spreadsheet (XLSX, XLS, ODS) or a CSV file into rows of text cells keyed by their
header.

XLSX is read by openpyxl, a row at a time; XLS and ODS by python-calamine, which holds a
sheet whole, so those files are measured first (xls_bounds, ods_bounds) against the limits
of file_bounds. The header row is the line, among the first few, that names the most known
columns: clerks' registers carry a title, an "as of" date and a blank line above it.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

import python_calamine
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from python_calamine import CalamineWorkbook

from core.errors import ActionBlocked
from imports.cells import SpreadsheetNumber
from imports.file_bounds import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    cell_too_long,
    refuse_unbounded_xlsx,
    too_many_columns,
    too_many_rows,
    unreadable,
    unreadable_as,
)
from imports.ods_bounds import refuse_unbounded_ods
from imports.xls_bounds import refuse_unbounded_xls

# What openpyxl, zipfile and expat raise on a broken or hostile workbook (the plan import
# reads its workbook with them too).
UNREADABLE_WORKBOOK = (
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
# What python-calamine raises on a file it cannot read.
_CALAMINE_UNREADABLE = (
    python_calamine.CalamineError,
    python_calamine.PasswordError,
    python_calamine.WorksheetNotFound,
    python_calamine.XmlError,
    python_calamine.ZipError,
    ValueError,
    TypeError,
    OverflowError,
    OSError,
)
# The header row is looked for among this many lines from the top.
HEADER_SEARCH_LINES = 15
Lines = list[tuple[int, list[str]]]


@dataclass
class Table:
    headers: list[str]
    header_line: int = 1
    # (line number as the user sees it in the file, header → cell text)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def read_table(
    name: str, content: bytes, *, header_score: Callable[[list[str]], int] | None = None
) -> Table:
    """Refuse, with a reason the user can act on, a file that cannot be read as a table.
    ``header_score`` says how many known columns a line names; without it the first line is
    the header row."""
    return _table(read_lines(name, content), header_score)


def read_lines(name: str, content: bytes) -> Lines:
    """The file's non-empty lines, each with its number as the user sees it in the file."""
    if not content:
        raise ActionBlocked(_("The file is empty."))
    extension = PurePath(name).suffix.lower()
    if extension == ".xlsx":
        return _xlsx_lines(content)
    if extension == ".ods":
        return _calamine_lines(content, _measure_ods, "ODS")
    if extension == ".xls":
        return _calamine_lines(content, refuse_unbounded_xls, "XLS")
    if extension == ".csv":
        return _csv_lines(content)
    raise ActionBlocked(_("Import an XLSX, XLS, ODS or CSV file."))


def cell_text(value: object) -> str:
    """A cell's value as text: dates as 2026-03-31, numbers plainly and marked as numbers."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return (value.date() if value.time() == datetime.time() else value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return SpreadsheetNumber(int(value))
    if isinstance(value, (int, float)):
        return SpreadsheetNumber(value)
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
                    cells = [cell_text(value) for value in row]
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
    except UNREADABLE_WORKBOOK as exc:
        raise unreadable() from exc


def _measure_ods(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            refuse_unbounded_ods(archive)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        raise unreadable_as("ODS") from exc


def _calamine_lines(content: bytes, measure: Callable[[bytes], None], kind: str) -> Lines:
    measure(content)
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(content)) as book:
            if not book.sheet_names:
                return []
            sheet = book.get_sheet_by_index(0)
            if sheet.start is None or sheet.end is None:
                return []
            first_row = sheet.start[0] + 1
            if sheet.end[1] >= MAX_COLUMNS:  # measured above; the reader has the last word
                raise too_many_columns(sheet.end[0] + 1)
            numbered: Lines = []
            for number, row in enumerate(sheet.iter_rows(), start=first_row):
                cells = [cell_text(value) for value in row]
                while cells and not cells[-1]:
                    cells.pop()
                if not cells:
                    continue
                if len(numbered) > MAX_ROWS:
                    raise too_many_rows()
                if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                    raise cell_too_long()
                numbered.append((number, cells))
            return numbered
    except ActionBlocked:
        raise
    except _CALAMINE_UNREADABLE as exc:
        raise unreadable_as(kind) from exc
    except BaseException as exc:
        # A panic in the reader's Rust code reaches Python as pyo3's PanicException, which is
        # not an Exception; it means the file is broken, not that the process should stop.
        if type(exc).__name__ == "PanicException":
            raise unreadable_as(kind) from None
        raise


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
        # Title rows above the table leave the sniffer unsure; the table's own separator is
        # then the one the sample holds most of.
        counts = {mark: sample.count(mark) for mark in ",;\t"}
        dialect = type("Guessed", (csv.excel,), {"delimiter": max(counts, key=counts.__getitem__)})
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


def _table(numbered: Lines, header_score: Callable[[list[str]], int] | None) -> Table:
    """``numbered``: the file's non-empty lines with their line numbers. Lines above the
    header row (a title, a date) are left out."""
    if not numbered:
        raise ActionBlocked(_("The file has no rows."))
    at = 0
    if header_score is not None:
        scores = [header_score(cells) for _number, cells in numbered[:HEADER_SEARCH_LINES]]
        if max(scores) > 0:
            at = scores.index(max(scores))
    headers = [header.strip() for header in numbered[at][1]]
    data = numbered[at + 1 :]
    if not data:
        raise ActionBlocked(_("The file has a header row but no data rows."))
    if len(data) > MAX_ROWS:
        raise too_many_rows()
    table = Table(headers=headers, header_line=numbered[at][0])
    for number, line in data:
        cells = {
            header: (line[index] if index < len(line) else "")
            for index, header in enumerate(headers)
            if header
        }
        table.rows.append((number, cells))
    return table
