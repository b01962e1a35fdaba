"""What an import file may hold, and the measuring of an XLSX before it is read.

(ODS and XLS files are measured in ods_bounds and xls_bounds, against the same limits.)

An XLSX is a zip of XML parts: a file of a few KB can unpack to gigabytes, or declare a sheet
of a million rows, or hold a million shared strings or styles that openpyxl turns into Python
objects one by one. So before openpyxl sees a workbook:

1. the zip's directory is read: too many parts, or parts that unpack to more than
   MAX_UNPACKED_BYTES in all, are refused without unpacking anything (zipfile never gives back
   more than the size a part declares, so the declared sizes bound what is read);
2. every XML part is streamed once through expat, the parser openpyxl itself uses, keeping no
   tree: a DTD (entity tricks) is refused, and the scan stops at the first bound crossed —
   cells and strings (MAX_TABLE_ELEMENTS), everything else such as styles
   (MAX_OTHER_ELEMENTS), cells in one row or a value beyond column MAX_COLUMNS, a cell longer
   than MAX_CELL_CHARS, a number longer than MAX_NUMBER_CHARS.

The bounds leave room for the largest register (MAX_ROWS rows of a few dozen columns); what
openpyxl then reads costs a few seconds at worst.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable
from typing import IO, Protocol
from xml.parsers import expat

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import ActionBlocked

MAX_ROWS = 5000
MAX_COLUMNS = 50
# Excel's own limit for the text of a cell.
MAX_CELL_CHARS = 32767
# Amounts keep 15 significant digits; with separators and a sign, 40 characters is plenty.
MAX_NUMBER_CHARS = 40
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_PARTS = 1000
# Rows, cells, values and shared strings: a register of MAX_ROWS rows of 30 text columns.
MAX_TABLE_ELEMENTS = 400_000
# Styles, formatting runs, relationships...: an ordinary workbook has a few thousand.
MAX_OTHER_ELEMENTS = 50_000
# Excel's last row; openpyxl trusts any number a row gives itself.
LAST_ROW = 1_048_576
TABLE_ELEMENTS = frozenset({"row", "c", "v", "f", "is", "si", "t"})
# The rows from the first filled one to the last that a reader holding a sheet's whole
# rectangle in memory (python-calamine, for ODS and XLS) may be given: room for title rows and
# blank lines around MAX_ROWS entries, yet at most MAX_SPAN_ROWS × MAX_COLUMNS cells.
MAX_SPAN_ROWS = 2 * MAX_ROWS
_CHUNK = 64 * 1024


def unreadable() -> ActionBlocked:
    return ActionBlocked(
        _("The file cannot be read as an XLSX workbook. Save it again from the spreadsheet.")
    )


def unreadable_as(kind: str) -> ActionBlocked:
    return ActionBlocked(
        _("The file cannot be read as an %(kind)s spreadsheet. Save it again from the spreadsheet.")
        % {"kind": kind}
    )


def too_many_rows() -> ActionBlocked:
    return ActionBlocked(
        _("The file has more than %(limit)s rows; split it into smaller files.")
        % {"limit": MAX_ROWS}
    )


def too_many_columns(row: int | str) -> ActionBlocked:
    return ActionBlocked(
        _(
            "Row %(row)s has more than %(limit)s columns; delete the columns the register does not use."
        )
        % {"row": row, "limit": MAX_COLUMNS}
    )


def cell_too_long() -> ActionBlocked:
    return ActionBlocked(
        _("A cell of the file holds more than %(limit)s characters.") % {"limit": MAX_CELL_CHARS}
    )


def refuse_unbounded_xlsx(archive: zipfile.ZipFile) -> None:
    """Raise ActionBlocked, with the reason, for a workbook that costs more to read than any
    register file needs; return quietly for one that openpyxl may read."""
    refuse_unbounded_zip(archive, unreadable())
    scan_xml_parts(archive, Scan(TABLE_ELEMENTS), _Part, unreadable())


def refuse_unbounded_zip(archive: zipfile.ZipFile, refusal: ActionBlocked) -> None:
    """Step 1: the zip's directory alone. ``refusal`` is what a file of too many parts gets."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise refusal
    if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
        raise ActionBlocked(
            _(
                "The file unpacks to more than %(limit)s, far more than a register needs. "
                "Save it again from the spreadsheet."
            )
            % {"limit": filesizeformat(MAX_UNPACKED_BYTES)}
        )


class PartHandler(Protocol):
    def start(self, tag: str, attributes: dict[str, str]) -> None: ...
    def end(self, tag: str) -> None: ...
    def text(self, data: str) -> None: ...


def scan_xml_parts(
    archive: zipfile.ZipFile,
    scan: Scan,
    handler: Callable[[Scan], PartHandler],
    refusal: ActionBlocked,
    *,
    namespaces: bool = True,
) -> None:
    """Step 2: every XML part streamed once through expat, each with its own ``handler``.
    Without ``namespaces`` the handlers see tags as written ("table:table-row"), which is how
    python-calamine matches them."""
    for part in archive.infolist():
        with archive.open(part) as source:
            scan.part(source, handler(scan), refusal, namespaces=namespaces)


def _looks_like_xml(head: bytes) -> bool:
    """What expat would take for XML: a byte-order mark, or "<" after blanks, in one or two
    bytes a character. Pictures and printer settings start otherwise and are not parsed."""
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return head.replace(b"\x00", b"").lstrip(b" \t\r\n").startswith(b"<")


def _column(reference: str) -> int:
    """The column number of a cell reference such as "AB12" (0 when it has no letters)."""
    number = 0
    for char in reference:
        if not char.isalpha():
            break
        number = number * 26 + (ord(char.upper()) - ord("A") + 1)
        if number > 16384:  # past Excel's last column: openpyxl refuses it anyway
            break
    return number


class Scan:
    """Counts across the whole workbook; each part is fed to its own expat parser.
    ``table_elements``: the names (without prefix) counted against MAX_TABLE_ELEMENTS."""

    def __init__(self, table_elements: frozenset[str]) -> None:
        self.table_names = table_elements
        self.table_elements = 0
        self.other_elements = 0

    def part(
        self,
        source: IO[bytes],
        handler: PartHandler,
        refusal: ActionBlocked,
        *,
        namespaces: bool = True,
    ) -> None:
        head = source.read(_CHUNK)
        if not _looks_like_xml(head):
            return
        parser = expat.ParserCreate(namespace_separator="}" if namespaces else None)
        parser.buffer_text = True

        def doctype(*args: object) -> None:
            # Workbooks have no DTD; one here can only be for entity expansion.
            raise refusal

        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.text
        parser.StartDoctypeDeclHandler = doctype
        try:
            chunk = head
            while chunk:
                parser.Parse(chunk, False)
                chunk = source.read(_CHUNK)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise refusal from exc

    def count(self, name: str) -> None:
        if name in self.table_names:
            self.table_elements += 1
        else:
            self.other_elements += 1
        if self.table_elements > MAX_TABLE_ELEMENTS or self.other_elements > MAX_OTHER_ELEMENTS:
            raise ActionBlocked(
                _(
                    "The workbook holds more cells or formatting than a register of %(rows)s "
                    "rows needs. Split the file, or save it again from the spreadsheet as a "
                    "plain table."
                )
                % {"rows": MAX_ROWS}
            )


class _Part:
    """One XML part: the row being read, the cell in it, and the text of a value."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.row = 0
        self.cells_in_row = 0
        self.cell_reference = ""
        self.cell_is_number = False
        self.cell_has_value = False
        self.text_length: int | None = None
        self.in_value = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        name = tag.rpartition("}")[2]
        self.scan.count(name)
        if name == "row":
            reference = attributes.get("r")
            if reference is None:
                self.row += 1
            elif reference.isdigit() and len(reference) < 8 and int(reference) <= LAST_ROW:
                self.row = int(reference)
            else:  # openpyxl would fill out every row up to a number like 1e12
                raise unreadable()
            self.cells_in_row = 0
        elif name == "c":
            self.cells_in_row += 1
            if self.cells_in_row > MAX_COLUMNS:
                raise too_many_columns(self.row)
            self.cell_reference = attributes.get("r", "")
            self.cell_is_number = attributes.get("t", "n") == "n"
            self.cell_has_value = False
        elif name in {"v", "t"}:
            self.text_length = 0
            self.in_value = name == "v"
        if name in {"v", "is"}:
            self.cell_has_value = True

    def text(self, data: str) -> None:
        if self.text_length is None:
            return
        self.text_length += len(data)
        if self.text_length > MAX_CELL_CHARS:
            raise cell_too_long()

    def end(self, tag: str) -> None:
        name = tag.rpartition("}")[2]
        if name in {"v", "t"}:
            if self.in_value and self.cell_is_number and (self.text_length or 0) > MAX_NUMBER_CHARS:
                raise ActionBlocked(
                    _("Cell %(cell)s holds a number longer than %(limit)s characters.")
                    % {"cell": self.cell_reference or "?", "limit": MAX_NUMBER_CHARS}
                )
            self.text_length = None
            self.in_value = False
        elif name == "c" and self.cell_has_value and _column(self.cell_reference) > MAX_COLUMNS:
            raise too_many_columns(self.row)
