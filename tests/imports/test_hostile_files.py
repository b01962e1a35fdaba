"""Files that cost more to read than they weigh are refused, quickly and with a reason: zip
bombs, sheets that declare a million rows, enormous string tables, rows of thousands of cells,
numbers like 1e300000. The workbooks are written by hand (zip + sheet XML), as an attacker would."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.utils import translation

from core.errors import ActionBlocked
from imports import cells, readers
from imports.file_bounds import MAX_COLUMNS, MAX_UNPACKED_BYTES
from imports.readers import read_table

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
