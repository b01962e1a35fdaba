"""Files that cost more to read than they weigh are refused, quickly and with a reason: zip
bombs, sheets that declare a million rows, enormous string tables, rows of thousands of cells,
numbers like 1e300000; for ODS and XLS also repeats that expand, sector chains that loop and
headers that ask for gigabytes. The workbooks are written by hand (zip + sheet XML, compound
file + BIFF records), as an attacker would."""

from __future__ import annotations

import io
import struct
import time
import zipfile

import pytest
from django.utils import translation

from core.errors import ActionBlocked
from imports import cells, readers
from imports.file_bounds import MAX_COLUMNS, MAX_UNPACKED_BYTES
from imports.readers import read_table
from tests.imports import spreadsheets

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">
<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{OFFICE}">
<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">
<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
DATA_ROW = '<row r="2"><c r="A2" t="inlineStr"><is><t>first</t></is></c></row>'


def sheet(rows: str, *, before: str = "") -> bytes:
    return f'<worksheet xmlns="{MAIN}">{before}<sheetData>{rows}</sheetData></worksheet>'.encode()


def workbook(sheet_xml: bytes, strings: bytes | None = None, **extra: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        archive.writestr("xl/sharedStrings.xml", strings or f'<sst xmlns="{MAIN}"></sst>'.encode())
        for name, content in extra.items():
            archive.writestr(name, content)
    return out.getvalue()


def refusal(name: str, content: bytes) -> str:
    with translation.override("en"), pytest.raises(ActionBlocked) as refused:
        read_table(name, content)
    return str(refused.value)


@pytest.fixture
def openpyxl_never_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal comes from measuring the file, before openpyxl builds anything."""

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to read a file that should have been refused")

    monkeypatch.setattr(readers, "load_workbook", fail)


def test_an_ordinary_hand_written_workbook_is_read() -> None:
    table = read_table("r.xlsx", workbook(sheet(HEADER_ROW + DATA_ROW)))
    assert table.headers == ["name"] and table.rows == [(2, {"name": "first"})]


def test_a_zip_bomb_is_refused_from_the_zip_directory_alone(
    monkeypatch: pytest.MonkeyPatch, openpyxl_never_reads: None
) -> None:
    padding = b" " * (MAX_UNPACKED_BYTES + 1)  # compresses to a few tens of KB
    content = workbook(sheet(HEADER_ROW + DATA_ROW), **{"xl/media/padding.xml": padding})
    assert len(content) < MAX_UNPACKED_BYTES // 100

    def no_unpacking(*args: object, **kwargs: object) -> None:
        raise AssertionError("a part was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_unpacking)
    assert "unpacks to more than" in refusal("bomb.xlsx", content)


def test_an_enormous_shared_string_table_is_refused(openpyxl_never_reads: None) -> None:
    strings = (
        f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{n}</t></si>" for n in range(500_000)) + "</sst>"
    ).encode()
    content = workbook(sheet(HEADER_ROW + DATA_ROW), strings)
    assert "more cells or formatting" in refusal("strings.xlsx", content)


def test_a_flood_of_styles_is_refused(openpyxl_never_reads: None) -> None:
    styles = (
        f'<styleSheet xmlns="{MAIN}"><cellXfs>' + "<xf/>" * 100_000 + "</cellXfs></styleSheet>"
    ).encode()
    content = workbook(sheet(HEADER_ROW + DATA_ROW), **{"xl/styles.xml": styles})
    assert "more cells or formatting" in refusal("styles.xlsx", content)


def test_a_row_of_thousands_of_cells_is_refused(openpyxl_never_reads: None) -> None:
    row = '<row r="2">' + "<c><v>1</v></c>" * 100_000 + "</row>"
    message = refusal("wide.xlsx", workbook(sheet(HEADER_ROW + row)))
    assert f"Row 2 has more than {MAX_COLUMNS} columns" in message


def test_a_value_far_to_the_right_is_refused(openpyxl_never_reads: None) -> None:
    row = '<row r="2"><c r="XFD2"><v>1</v></c></row>'
    assert "more than" in refusal("far.xlsx", workbook(sheet(HEADER_ROW + row)))


def test_a_declared_million_row_sheet_is_read_as_the_rows_it_has() -> None:
    """The dimension says A1:XFD1048576; openpyxl would pad every row to 16,384 cells."""
    last = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>last</t></is></c></row>'
    content = workbook(
        sheet(HEADER_ROW + DATA_ROW + last, before='<dimension ref="A1:XFD1048576"/>')
    )
    started = time.monotonic()
    table = read_table("tall.xlsx", content)
    assert table.rows == [(2, {"name": "first"}), (1048576, {"name": "last"})]
    assert time.monotonic() - started < 10  # loose: padded, it took minutes


def test_a_row_number_past_the_last_row_is_refused(openpyxl_never_reads: None) -> None:
    row = '<row r="999999999999"><c><v>1</v></c></row>'
    assert "cannot be read" in refusal("r.xlsx", workbook(sheet(HEADER_ROW + row)))


def test_a_number_cell_of_thousands_of_digits_is_refused(openpyxl_never_reads: None) -> None:
    row = '<row r="2"><c r="A2"><v>' + "9" * 5000 + "</v></c></row>"
    message = refusal("digits.xlsx", workbook(sheet(HEADER_ROW + row)))
    assert "Cell A2 holds a number longer than" in message


def test_an_overlong_cell_is_refused(openpyxl_never_reads: None) -> None:
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "ა" * 40_000 + "</t></is></c></row>"
    assert "more than 32767 characters" in refusal("long.xlsx", workbook(sheet(HEADER_ROW + row)))


def test_entity_expansion_is_refused(openpyxl_never_reads: None) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row><c t="inlineStr"><is><t>&b;</t></is></c>'
        "</row></sheetData></worksheet>"
    ).encode()
    assert "cannot be read" in refusal("laughs.xlsx", workbook(laughs))


def test_a_shared_string_that_is_not_there_is_a_refusal_not_an_error() -> None:
    row = '<row r="2"><c r="A2" t="s"><v>999</v></c></row>'
    assert "cannot be read" in refusal("missing.xlsx", workbook(sheet(HEADER_ROW + row)))


def test_a_csv_of_thousands_of_columns_is_refused() -> None:
    content = ("name,code\n" + ",".join(["x"] * 10_000) + "\n").encode()
    assert f"more than {MAX_COLUMNS} columns" in refusal("wide.csv", content)


def test_a_csv_of_blank_lines_is_not_read_to_its_end() -> None:
    content = b"name\nfirst\n" + b"\n" * 5_000_000
    assert "more than 5000 rows" in refusal("blank.csv", content)


def test_an_overlong_csv_cell_is_refused() -> None:
    content = ("name\n" + "ა" * 40_000 + "\n").encode()
    assert "more than 32767 characters" in refusal("long.csv", content)


@pytest.mark.parametrize("text", ["1e300000", "1E-300000", "-1e21", "1" * 41, "9" * 5000])
def test_numbers_out_of_range_are_refused_before_any_arithmetic(text: str) -> None:
    with pytest.raises(cells.CellError):
        cells.whole_number(text)
    with pytest.raises(cells.CellError):
        cells.decimal(text)


@pytest.mark.parametrize(
    ("text", "number"), [("1 234 567,50", "1234567.50"), ("0e999999", "0"), ("1e3", "1000")]
)
def test_ordinary_numbers_still_read(text: str, number: str) -> None:
    from decimal import Decimal

    assert cells.decimal(text) == Decimal(number)


# --- ODS and XLS: python-calamine holds a sheet whole, so these are measured before it reads.

ODS_HEADER = '<table:table-row><table:table-cell office:value-type="string"><text:p>name</text:p></table:table-cell></table:table-row>'
ODS_FILLED = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'


@pytest.fixture
def calamine_never_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal comes from measuring the file, before python-calamine builds anything."""

    class Refusing:
        @classmethod
        def from_filelike(cls, *args: object, **kwargs: object) -> None:
            raise AssertionError("python-calamine was asked to read a file that should be refused")

    monkeypatch.setattr(readers, "CalamineWorkbook", Refusing)


def test_ordinary_ods_and_xls_files_are_read() -> None:
    rows = [["name"], ["first"]]
    assert read_table("r.ods", spreadsheets.ods(rows)).rows == [(2, {"name": "first"})]
    assert read_table("r.xls", spreadsheets.xls(rows)).rows == [(2, {"name": "first"})]


def test_an_ods_row_repeated_a_million_times_is_refused(calamine_never_reads: None) -> None:
    repeated = (
        f'<table:table-row table:number-rows-repeated="1000000">{ODS_FILLED}</table:table-row>'
    )
    started = time.monotonic()
    message = refusal("tall.ods", spreadsheets.ods(table=ODS_HEADER + repeated))
    assert "more than 5000 rows" in message and time.monotonic() - started < 5


def test_an_ods_cell_repeated_across_the_sheet_is_refused(calamine_never_reads: None) -> None:
    repeated = ODS_FILLED.replace(
        "<table:table-cell ", '<table:table-cell table:number-columns-repeated="16384" '
    )
    wide = f"<table:table-row>{repeated}</table:table-row>"
    assert f"more than {MAX_COLUMNS} columns" in refusal("wide.ods", spreadsheets.ods(table=wide))


def test_empty_ods_repeats_to_the_end_of_the_sheet_cost_nothing() -> None:
    """LibreOffice ends every sheet so; the reader does not expand empty rows and cells."""
    content = spreadsheets.ods([["name"], ["first"]])
    assert spreadsheets.ODS_SHEET_END.encode() in zipfile.ZipFile(io.BytesIO(content)).read(
        "content.xml"
    )
    assert read_table("r.ods", content).rows == [(2, {"name": "first"})]


def test_an_ods_space_run_of_billions_is_refused(calamine_never_reads: None) -> None:
    spaces = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>'
        '<text:s text:c="99999999"/></text:p></table:table-cell></table:table-row>'
    )
    assert "more than 32767 characters" in refusal("spaces.ods", spreadsheets.ods(table=spaces))


def test_an_ods_zip_bomb_is_refused(
    monkeypatch: pytest.MonkeyPatch, calamine_never_reads: None
) -> None:
    content = spreadsheets.ods([["name"], ["first"]])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for part in source.infolist():
            bomb.writestr(part, source.read(part))
        bomb.writestr("Pictures/padding.xml", b" " * (MAX_UNPACKED_BYTES + 1))
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a part was unpacked"))
    assert "unpacks to more than" in refusal("bomb.ods", out.getvalue())


def test_ods_entity_expansion_is_refused(calamine_never_reads: None) -> None:
    laughs = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    content = spreadsheets.ods(table=ODS_HEADER)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as evil:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "content.xml":
                data = data.replace(b"?>", b"?>" + laughs.encode(), 1)
            evil.writestr(part, data)
    assert "cannot be read" in refusal("laughs.ods", out.getvalue())


def test_an_xls_cell_far_to_the_right_is_refused(calamine_never_reads: None) -> None:
    cells = spreadsheets.xls_cell_records([["name"]], []) + spreadsheets.record(
        0x0203, struct.pack("<HHHd", 1, 255, 0, 1.0)
    )
    content = spreadsheets.xls(stream=spreadsheets.xls_stream(sheet_records=cells))
    assert f"Row 2 has more than {MAX_COLUMNS} columns" in refusal("wide.xls", content)


def test_xls_cells_far_apart_are_refused(calamine_never_reads: None) -> None:
    """Two cells 65,000 rows apart are a rectangle of 65,000 rows to the reader."""
    cells = spreadsheets.xls_cell_records([["name"]], []) + spreadsheets.record(
        0x0203, struct.pack("<HHHd", 65000, 0, 0, 1.0)
    )
    content = spreadsheets.xls(stream=spreadsheets.xls_stream(sheet_records=cells))
    assert "more than 5000 rows" in refusal("tall.xls", content)


def test_an_xls_declaring_a_sheet_beyond_excels_is_refused(calamine_never_reads: None) -> None:
    dimensions = spreadsheets.record(0x0200, struct.pack("<IIHH", 0, 0xFFFFFFF0, 0, 256) + bytes(2))
    stream = spreadsheets.xls_stream([["name"], ["first"]])
    at = stream.index(struct.pack("<HH", 0x0200, 14))
    content = spreadsheets.xls(stream=stream[:at] + dimensions + stream[at + 18 :])
    assert "cannot be read as an XLS" in refusal("declared.xls", content)


def test_an_xls_whose_sector_chain_loops_is_refused(calamine_never_reads: None) -> None:
    """The directory's chain points back at itself: the reader would read it forever."""
    stream = spreadsheets.xls_stream([["name"], ["first"]])
    stream += bytes(max(0, 4096 - len(stream)))
    fat = [spreadsheets.FAT_SECTOR, 1]  # sector 1 (the directory) is followed by itself
    fat += [3 + n for n in range(-(-len(stream) // 512) - 1)] + [spreadsheets.END_OF_CHAIN]
    fat += [spreadsheets.FREE] * (128 - len(fat))
    content = spreadsheets.compound(
        fat=fat, directory=spreadsheets.directory(len(stream)), stream=stream
    )
    started = time.monotonic()
    assert "cannot be read as an XLS" in refusal("loop.xls", content)
    assert time.monotonic() - started < 5


def test_an_xls_header_that_would_reserve_gigabytes_is_refused(calamine_never_reads: None) -> None:
    content = bytearray(spreadsheets.xls([["name"], ["first"]]))
    content[64:68] = struct.pack("<I", 0xFFFF)  # mini FAT sectors: far more than the file has
    assert "cannot be read as an XLS" in refusal("hint.xls", bytes(content))


def test_an_xls_of_half_a_million_shared_strings_is_refused(calamine_never_reads: None) -> None:
    strings = [str(n) for n in range(450_000)]
    # One SST record and its CONTINUE records of at most 8224 bytes, split between strings.
    chunks = [struct.pack("<II", len(strings), len(strings))]
    for text in strings:
        entry = struct.pack("<HB", len(text), 0) + text.encode()
        if len(chunks[-1]) + len(entry) > 8224:
            chunks.append(b"")
        chunks[-1] += entry
    sst = spreadsheets.record(0x00FC, chunks[0]) + b"".join(
        spreadsheets.record(0x003C, chunk) for chunk in chunks[1:]
    )
    stream = spreadsheets.xls_stream([["name"]])
    at = stream.index(struct.pack("<H", 0x00FC))
    length = struct.unpack_from("<H", stream, at + 2)[0]
    stream = stream[:at] + sst + stream[at + 4 + length :]
    with pytest.raises(AssertionError, match="outgrew"):
        spreadsheets.xls(stream=stream)  # too big for the one-FAT-sector writer: measured direct
    from imports.xls_bounds import _scan_biff

    with translation.override("en"), pytest.raises(ActionBlocked) as refused:
        _scan_biff(stream)
    assert "more cells or formatting" in str(refused.value)
