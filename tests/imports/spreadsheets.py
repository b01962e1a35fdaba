"""Real spreadsheet files written from rows, as clerks' programs write them: XLSX through
openpyxl, ODS as LibreOffice lays it out (a zip of XML parts), XLS as Excel 97–2003 does (BIFF8
records in a compound file). ODS and XLS are written by hand, so the tests need no writer for
either format and every byte the reader sees is visible here."""

from __future__ import annotations

import datetime
import io
import struct
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from openpyxl import Workbook

Cell = object


def xlsx(rows: Sequence[Sequence[Cell]], *, merge_title: bool = False) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if merge_title:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- ODS -----------------------------------------------------------------------------------

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
# LibreOffice closes every sheet with the empty rest of it, repeated to the last row.
ODS_SHEET_END = (
    '<table:table-row table:number-rows-repeated="1048500">'
    '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
)


def ods_cell(value: Cell) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d.%m.%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float, Decimal)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def ods_table(rows: Sequence[Sequence[Cell]]) -> str:
    return "".join(
        "<table:table-row>" + "".join(ods_cell(value) for value in row) + "</table:table-row>"
        for row in rows
    )


def ods(rows: Sequence[Sequence[Cell]] | None = None, *, table: str | None = None) -> bytes:
    """An ODS of one sheet: the ``rows``, or the rows' XML as ``table`` gives it."""
    body = table if table is not None else ods_table(rows or []) + ODS_SHEET_END
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="რეესტრი">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE)  # first, not compressed
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content)
    return out.getvalue()


# --- XLS -----------------------------------------------------------------------------------

SECTOR = 512
END_OF_CHAIN, FREE, FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
# Cell formats: 0 general, 1 a date (built-in number format 14, d/m/yyyy in Georgian Excel).
XF_GENERAL, XF_DATE = 0, 1
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(kind: int) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0206))


def _xf(number_format: int) -> bytes:
    return record(0x00E0, struct.pack("<HHH", 0, number_format, 0x0001) + bytes(14))


def xls_cell_records(rows: Sequence[Sequence[Cell]], strings: list[str]) -> bytes:
    cells = b""
    for row_number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            where = struct.pack("<HH", row_number, column)
            if isinstance(value, datetime.date):
                serial = (value - EXCEL_EPOCH).days
                cells += record(0x0203, where + struct.pack("<Hd", XF_DATE, serial))
            elif isinstance(value, (int, float, Decimal)):
                cells += record(0x0203, where + struct.pack("<Hd", XF_GENERAL, float(value)))
            else:
                if str(value) not in strings:
                    strings.append(str(value))
                index = strings.index(str(value))
                cells += record(0x00FD, where + struct.pack("<HI", XF_GENERAL, index))
    return cells


def _shared_strings(strings: list[str]) -> bytes:
    data = struct.pack("<II", len(strings), len(strings))
    for text in strings:
        data += struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")
    return record(0x00FC, data)


def xls_stream(
    rows: Sequence[Sequence[Cell]] | None = None,
    *,
    sheet_records: bytes | None = None,
    strings: list[str] | None = None,
) -> bytes:
    """A BIFF8 Workbook stream: globals, then one sheet of ``rows`` (or ``sheet_records``)."""
    strings = list(strings or [])
    cells = sheet_records if sheet_records is not None else xls_cell_records(rows or [], strings)
    height = len(rows or [])
    width = max((len(row) for row in rows or []), default=0)
    sheet = (
        _bof(0x0010)
        + record(0x0200, struct.pack("<IIHH", 0, height, 0, width) + bytes(2))
        + cells
        + record(0x000A, b"")
    )
    name = "რეესტრი"

    def globals_(sheet_at: int) -> bytes:
        return (
            _bof(0x0005)
            + record(0x0042, struct.pack("<H", 1200))
            + _xf(0)
            + _xf(14)
            + record(
                0x0085,
                struct.pack("<IBBBB", sheet_at, 0, 0, len(name), 1) + name.encode("utf-16-le"),
            )
            + _shared_strings(strings)
            + record(0x000A, b"")
        )

    head = globals_(0)
    return globals_(len(head)) + sheet


def xls(rows: Sequence[Sequence[Cell]] | None = None, *, stream: bytes | None = None) -> bytes:
    """An Excel 97–2003 file: a compound file of one FAT sector, one directory sector and the
    Workbook stream (at least 4096 bytes, so it is not kept in the mini stream)."""
    stream = stream if stream is not None else xls_stream(rows)
    stream += bytes(max(0, 4096 - len(stream)))
    stream_sectors = -(-len(stream) // SECTOR)
    assert stream_sectors + 2 <= SECTOR // 4, "the test file outgrew one FAT sector"
    fat = [FAT_SECTOR, END_OF_CHAIN]
    fat += [2 + n + 1 for n in range(stream_sectors - 1)] + [END_OF_CHAIN]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    return compound(fat=fat, directory=directory(len(stream)), stream=stream)


def compound(*, fat: list[int], directory: bytes, stream: bytes, **header: int) -> bytes:
    fields = {
        "fat_sectors": 1,
        "directory_start": 1,
        "mini_fat_start": END_OF_CHAIN,
        "mini_fat_sectors": 0,
        "difat_start": END_OF_CHAIN,
    } | header
    head = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<II", 0, fields["fat_sectors"])
        + struct.pack("<III", fields["directory_start"], 0, 4096)
        + struct.pack("<II", fields["mini_fat_start"], fields["mini_fat_sectors"])
        + struct.pack("<II", fields["difat_start"], 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    assert len(head) == SECTOR
    stream += bytes(-len(stream) % SECTOR)
    return head + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + stream


def _entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", FREE, FREE, child)
        + bytes(16 + 4 + 16)
        + struct.pack("<III", start, size, 0)
    )


def directory(stream_size: int, *, stream_start: int = 2) -> bytes:
    entries = (
        _entry("Root Entry", 5, 1, END_OF_CHAIN, 0)
        + _entry("Workbook", 2, FREE, stream_start, stream_size)
        + _entry("", 0, FREE, 0, 0) * 2
    )
    assert len(entries) == SECTOR
    return entries
