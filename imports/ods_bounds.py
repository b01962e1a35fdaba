"""The measuring of an ODS file before python-calamine reads it.

An ODS is a zip of XML parts like an XLSX, and is bounded the same way (file_bounds, steps 1
and 2). Two things are its own, because python-calamine holds a sheet as one rectangle of
cells in memory and expands what the file only declares:

- ``table:number-rows-repeated`` and ``table:number-columns-repeated`` repeat a row or a cell:
  a filled row repeated a million times is a million rows to python-calamine. The scan counts
  repeats as the reader will, and refuses a filled cell past column MAX_COLUMNS or filled rows
  further apart than MAX_SPAN_ROWS. Empty repeats (LibreOffice ends every sheet with a row
  repeated to the millionth) cost the reader nothing and are let be;
- ``<text:s text:c="4000000000"/>`` is that many spaces in a cell; it counts towards the
  cell's length.

Tags are matched as written ("table:table-row"), as python-calamine matches them.
"""

from __future__ import annotations

import zipfile

from core.errors import ActionBlocked
from imports.file_bounds import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_SPAN_ROWS,
    Scan,
    cell_too_long,
    refuse_unbounded_zip,
    scan_xml_parts,
    too_many_columns,
    too_many_rows,
    unreadable_as,
)

TABLE_ELEMENTS = frozenset({"table-row", "table-cell", "covered-table-cell", "p", "span", "s"})
_CELLS = frozenset({"table:table-cell", "table:covered-table-cell"})
_VALUES = ("office:value-type", "office:value", "office:string-value", "table:formula")
# python-calamine reads a repeat count as a machine word; eight digits are far past any sheet.
_REPEAT_DIGITS = 8


def unreadable() -> ActionBlocked:
    return unreadable_as("ODS")


def refuse_unbounded_ods(archive: zipfile.ZipFile) -> None:
    """Raise ActionBlocked, with the reason, for an ODS that costs more to read than any
    register file needs; return quietly for one that python-calamine may read."""
    refuse_unbounded_zip(archive, unreadable())
    scan_xml_parts(archive, Scan(TABLE_ELEMENTS), _OdsPart, unreadable(), namespaces=False)


def _repeats(attributes: dict[str, str], name: str) -> int:
    value = attributes.get(name, "1")
    if not value.isdigit() or len(value) > _REPEAT_DIGITS:
        raise unreadable()
    return max(int(value), 1)


class _OdsPart:
    """One XML part: where the current row and cell fall once repeats are counted."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.row = 0  # rows of the current table before the current one
        self.row_repeats = 1
        self.first_filled_row: int | None = None
        self.column = 0  # columns of the current row before the current cell
        self.cell_repeats = 1
        self.cell_depth = 0  # elements open inside the current cell
        self.cell_filled = False
        self.row_filled = False
        self.text_length = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.scan.count(tag.rpartition(":")[2])
        if self.cell_depth:
            self.cell_depth += 1
            self.cell_filled = True
            if tag == "text:s":
                self._add_text(_repeats(attributes, "text:c"))
            return
        if tag == "table:table":
            self.row, self.first_filled_row = 0, None
        elif tag == "table:table-row":
            self.row_repeats = _repeats(attributes, "table:number-rows-repeated")
            self.column, self.row_filled = 0, False
        elif tag in _CELLS:
            self.cell_repeats = _repeats(attributes, "table:number-columns-repeated")
            self.cell_depth = 1
            self.cell_filled = any(name in attributes for name in _VALUES)
            self.text_length = len(attributes.get("office:string-value", ""))
            if self.text_length > MAX_CELL_CHARS:
                raise cell_too_long()

    def text(self, data: str) -> None:
        if self.cell_depth:
            self._add_text(len(data))

    def _add_text(self, length: int) -> None:
        self.text_length += length
        if self.text_length > MAX_CELL_CHARS:
            raise cell_too_long()

    def end(self, tag: str) -> None:
        if self.cell_depth > 1:
            self.cell_depth -= 1
        elif self.cell_depth == 1 and tag in _CELLS:
            self.cell_depth = 0
            self.column += self.cell_repeats
            if self.cell_filled:
                self.row_filled = True
                if self.column > MAX_COLUMNS:
                    raise too_many_columns(self.row + 1)
        elif tag == "table:table-row":
            if self.row_filled:
                if self.first_filled_row is None:
                    self.first_filled_row = self.row
                if self.row + self.row_repeats - self.first_filled_row > MAX_SPAN_ROWS:
                    raise too_many_rows()
            self.row += self.row_repeats
