"""Registers as ministry clerks keep them: a title and an "as of" date above the headers,
headers typed a little differently, numbers and dates written the Georgian way, statuses in
words, and files saved as .ods or .xls as well as .xlsx and CSV."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from core.errors import ActionBlocked
from core.spreadsheets import DATE_FORMAT
from imports import cells
from imports.models import ImportBatch
from imports.registers import REASON_LABEL
from imports.services import import_apply, import_check
from projects.models import Obligation, Project
from tests.factories import ProjectFactory
from tests.imports.spreadsheets import ods, xls, xlsx
from tests.web import signed_in
from trainings.models import Training

pytestmark = pytest.mark.django_db

TITLE = ["შსს საერთაშორისო ურთიერთობების დეპარტამენტი — დონორული პროექტები"]
AS_OF = ["მდგომარეობა 31.03.2026-ის მიხედვით"]
# Headers as a clerk typed them: no space before the bracket and a colon, doubled spaces,
# a word in brackets, an abbreviation, and a header that is no column at all.
HEADERS = [
    "დასახელება(ქართულად):",
    "IATI  იდენტიფიკატორი",
    "სტატუსი",
    "დამფინანსებელი",
    "განმახ.",
    "დაგეგმილი დაწყება",
    "ბიუჯეტი (ევრო)",
    "ვალუტა",
    "შენიშვნა",
]


def project_rows(donor, unit) -> list[list[object]]:
    return [
        TITLE,
        AS_OF,
        [],
        HEADERS,
        [
            "საზღვრის მართვა",
            "SE-0-SE-6-1234",
            "მიმდინარე",
            donor.code,
            unit.code,
            datetime.date(2026, 3, 31),
            "1 250 000,50",
            "EUR",
            "გადასამოწმებელია",
        ],
        [
            "სამოქალაქო საზოგადოება",
            "",
            "Implementation",
            donor.acronym,
            unit.name_ka,
            "31/03/26",
            "1.250.000,00",
            "EUR",
            "",
        ],
        [
            "მიგრაციის მართვა",
            "",
            "2",
            donor.code,
            unit.code,
            "2026-03-31 00:00:00",
            "250 000",
            "EUR",
            "",
        ],
    ]


def _check(user, register: str, name: str, content: bytes) -> ImportBatch:
    return import_check(user=user, register=register, file_name=name, content=content)


def _assert_projects_imported(batch: ImportBatch, user) -> None:
    assert [row["outcome"] for row in batch.report["rows"]] == ["created"] * 3, batch.report
    # The lines the user sees in the file: the headers are on row 4 (the blank row between is
    # skipped by the reader, the number stays the file's own).
    assert [row["line"] for row in batch.report["rows"]] == [5, 6, 7]
    assert batch.report["header_line"] == 4
    import_apply(batch=batch, user=user, valid_rows_only=False)
    border = Project.objects.get(iati_identifier="SE-0-SE-6-1234")
    assert border.status == "2" and border.planned_start == datetime.date(2026, 3, 31)
    assert border.budget_lines.get().amount == Decimal("1250000.50")
    civil = Project.objects.get(title_ka="სამოქალაქო საზოგადოება")
    assert civil.status == "2" and civil.planned_start == datetime.date(2026, 3, 31)
    assert civil.budget_lines.get().amount == Decimal("1250000")
    migration = Project.objects.get(title_ka="მიგრაციის მართვა")
    assert migration.planned_start == datetime.date(2026, 3, 31)
    assert migration.budget_lines.get().amount == Decimal("250000")


@pytest.mark.parametrize(
    ("name", "write"),
    [
        ("რეესტრი.xlsx", lambda rows: xlsx(rows, merge_title=True)),
        ("რეესტრი.ods", ods),
        ("რეესტრი.xls", xls),
    ],
)
def test_a_register_under_title_rows_is_read_in_every_format(
    name, write, coordinator, donor, unit
) -> None:
    batch = _check(coordinator, "projects", name, write(project_rows(donor, unit)))
    assert batch.report["unknown_columns"] == [{"header": "შენიშვნა", "nearest": ""}]
    _assert_projects_imported(batch, coordinator)


def test_a_csv_register_under_title_rows_is_read(coordinator, donor, unit) -> None:
    rows = project_rows(donor, unit)
    rows[4][5] = "31.03.2026"
    text = "\n".join(";".join(str(cell) for cell in row) for row in rows)
    batch = _check(coordinator, "projects", "r.csv", text.encode("utf-8-sig"))
    _assert_projects_imported(batch, coordinator)


def test_a_spreadsheet_date_stored_as_a_number_is_a_date(coordinator, donor, unit) -> None:
    content = xlsx([["title_ka", "planned start"], ["ა", 46112]])  # 46112 is 31.03.2026
    import_apply(
        batch=_check(coordinator, "projects", "p.xlsx", content),
        user=coordinator,
        valid_rows_only=False,
    )
    assert Project.objects.get().planned_start == datetime.date(2026, 3, 31)


def test_a_typo_in_a_header_is_shown_with_the_nearest_column(coordinator, unit) -> None:
    headers = ["name", "organiser", "unit", "start date:", "end  date", "duration days"]
    content = xlsx(
        [
            [*headers, "ქვეყანა", "ადგლი"],
            ["IBM", "FRONTEX", unit.code, "02.03.2026", "06.03.2026", 5, "პოლონეთი", "ვარშავა"],
        ]
    )
    with translation.override("ka"):
        batch = _check(coordinator, "trainings", "t.xlsx", content)
    # The misspelt place column is not recognised: it is reported with the nearest column,
    # prominently on the page, and the row is checked without it.
    assert batch.report["unknown_columns"] == [{"header": "ადგლი", "nearest": "ადგილი"}]
    assert batch.report["rows"][0]["outcome"] == "created"
    page = signed_in(coordinator).get(f"/imports/{batch.pk}/").content.decode()
    assert "data-unknown-columns" in page and "ადგლი" in page and "„ადგილი“" in page


def test_a_missing_column_refusal_names_the_header_that_was_meant(coordinator, unit) -> None:
    content = xlsx(
        [
            ["name", "organiser", "unit", "start date", "end date", "duration", "countyr"],
            ["IBM", "FRONTEX", unit.code, "02.03.2026", "06.03.2026", 5, "პოლონეთი"],
        ]
    )
    with translation.override("en"), pytest.raises(ActionBlocked) as refusal:
        _check(coordinator, "trainings", "t.xlsx", content)
    message = " ".join(refusal.value.messages)
    assert "lacks these columns: duration, days, country." in message
    assert "“countyr” (nearest known column: “country”)" in message


def test_the_command_prints_unrecognised_columns(coordinator, unit, tmp_path) -> None:
    path = tmp_path / "needs.xlsx"
    path.write_bytes(
        xlsx(
            [
                ["title", "source", "responsible unit", "priorty"],
                ["არქივი", "aa", unit.code, "high"],
            ]
        )
    )
    out = io.StringIO()
    with translation.override("en"):
        call_command(
            "import_register",
            "needs",
            str(path),
            "--user",
            "coordinator",
            stdout=out,
            stderr=io.StringIO(),
        )
    assert "column not recognised, left out: 'priorty' (nearest known column: 'priority')" in (
        out.getvalue()
    )


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1 250 000,50", "1250000.50"),
        ("1\u00a0250\u00a0000,50", "1250000.50"),
        ("1.250.000,00", "1250000.00"),
        ("1,250,000.00", "1250000.00"),
        ("250 000", "250000"),
        ("1250000,5", "1250000.5"),
        ("0,125", "0.125"),
        ("12,5", "12.5"),
        ("-1 000", "-1000"),
        ("99999999999999.99", "99999999999999.99"),
    ],
)
def test_numbers_as_georgians_type_them(text: str, number: str) -> None:
    assert cells.decimal(text) == Decimal(number)


@pytest.mark.parametrize("text", ["250,000", "1.250", "12 50", "1.25.000"])
def test_an_ambiguous_or_garbled_number_is_refused(text: str) -> None:
    with pytest.raises(cells.CellError):
        cells.decimal(text)


def test_a_number_from_a_number_cell_is_read_as_it_stands() -> None:
    assert cells.decimal(cells.SpreadsheetNumber("250.125")) == Decimal("250.125")


def test_an_ambiguous_amount_refuses_the_row_naming_the_column_and_the_value(
    coordinator, donor
) -> None:
    content = xlsx([["title_ka", "budget", "currency"], ["ა", "250,000", "EUR"]])
    with translation.override("en"):
        batch = _check(coordinator, "projects", "p.xlsx", content)
    [message] = batch.report["rows"][0]["messages"]
    assert message.startswith("budget: “250,000” can be read two ways: as 250000 or as 250.")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31/03/26", datetime.date(2026, 3, 31)),
        ("31.03.26", datetime.date(2026, 3, 31)),
        ("2026-03-31 00:00:00", datetime.date(2026, 3, 31)),
        ("31.03.2026", datetime.date(2026, 3, 31)),
        (cells.SpreadsheetNumber("46112"), datetime.date(2026, 3, 31)),
    ],
)
def test_dates_as_clerks_and_spreadsheets_write_them(text: str, day: datetime.date) -> None:
    assert cells.date(text) == day


def test_a_choice_is_read_by_its_label_or_a_clerks_word_and_refused_with_the_labels(
    coordinator, unit
) -> None:
    ProjectFactory.create(title_ka="საზღვრის მართვა", iati_identifier="SE-1")
    content = xlsx(
        [
            ["description", "project", "type", "responsible unit", "due date", "recurrence"],
            ["ანგარიში", "SE-1", "ფინანსური ანგარიში", unit.code, "31.03.2027", "Quarterly"],
            ["აუდიტი", "SE-1", "შემოწმება", unit.code, "31.03.2027", ""],
        ]
    )
    with translation.override("en"):
        batch = _check(coordinator, "obligations", "o.xlsx", content)
    first, second = batch.report["rows"]
    assert first["outcome"] == "created", first
    [message] = second["messages"]
    assert "“შემოწმება” is not one of: Narrative report to the donor; Financial report;" in message
    import_apply(batch=batch, user=coordinator, valid_rows_only=True)
    obligation = Obligation.objects.get()
    assert (obligation.kind, obligation.recurrence) == ("financial_report", "quarterly")


def test_the_blank_file_has_typed_cells_an_example_row_and_the_allowed_values(
    coordinator, unit
) -> None:
    client = signed_in(coordinator)
    book = load_workbook(io.BytesIO(client.get("/imports/blank/trainings.xlsx").content))
    sheet, allowed = book.worksheets
    headers = [cell.value for cell in sheet[1]]
    example = dict(zip(headers, (cell for cell in sheet[2]), strict=True))
    start = example["დაწყების თარიღი"]
    assert start.is_date and start.value == datetime.datetime(2026, 3, 2)
    assert start.number_format == DATE_FORMAT
    assert example["ქალი"].data_type == "n" and example["ქალი"].number_format == "0"

    projects = load_workbook(io.BytesIO(client.get("/imports/blank/projects.xlsx").content))
    data, allowed = projects.worksheets
    budget = {cell.value: n for n, cell in enumerate(data[1])}["ბიუჯეტი"]
    assert data[2][budget].data_type == "n" and data[2][budget].number_format == "#,##0.00"
    lists = {column[0].value: [cell.value for cell in column[1:]] for column in allowed.columns}
    assert "განხორციელება" in lists["სტატუსი"] and "EUR — ევრო" in lists["ვალუტა"]
    status = data.cell(row=1, column=4)
    assert status.value == "სტატუსი"  # offered as a drop-down of the allowed labels
    offered = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert offered["D2:D5001"].endswith("!$A$2:$A$7")

    # Filled in under the example row, which is left as it is: only the new row is imported.
    sheet.append(
        {
            1: "IBM",
            2: "FRONTEX",
            3: unit.code,
            4: datetime.date(2026, 4, 6),
            5: datetime.date(2026, 4, 10),
            6: 5,
            8: "პოლონეთი",
        }
    )
    filled = io.BytesIO()
    book.save(filled)
    batch = _check(coordinator, "trainings", "t.xlsx", filled.getvalue())
    assert [row["outcome"] for row in batch.report["rows"]] == ["created"]
    assert batch.report["unknown_columns"] == []
    import_apply(batch=batch, user=coordinator, valid_rows_only=False)
    assert Training.objects.get().name == "IBM"


def test_refused_rows_come_back_as_a_file_to_correct_and_upload_again(coordinator, unit) -> None:
    content = xlsx(
        [
            TITLE,
            ["title", "source", "responsible unit", "priority"],
            ["ლაბორატორია", "UN recommendation", unit.code, "high"],
            ["არქივი", "წიგნი", unit.code, "high"],
            ["აღჭურვილობა", "aa", "no-such-unit", "low"],
        ]
    )
    client = signed_in(coordinator)
    client.post("/imports/", {"register": "needs", "file": SimpleUploadedFile("n.xlsx", content)})
    batch = ImportBatch.objects.get()
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "?refused=xlsx" in page

    response = client.get(f"/imports/{batch.pk}/?refused=xlsx")
    assert response.status_code == 200 and "n-refused.xlsx" in response["Content-Disposition"]
    refused = load_workbook(io.BytesIO(response.content)).active
    assert refused is not None
    rows = [[cell.value for cell in row] for row in refused.iter_rows()]
    with translation.override("ka"):
        reason = str(REASON_LABEL)
    assert rows[0] == ["title", "source", "responsible unit", "priority", reason]
    assert [row[0] for row in rows[1:]] == ["არქივი", "აღჭურვილობა"]
    assert "წიგნი" in rows[1][4] and "no-such-unit" in rows[2][4]

    # Corrected and uploaded again: the reason column is left out without a word.
    refused["B2"] = "aa"
    refused["C3"] = unit.code
    corrected = io.BytesIO()
    refused.parent.save(corrected)
    again = _check(coordinator, "needs", "n-refused.xlsx", corrected.getvalue())
    assert [row["outcome"] for row in again.report["rows"]] == ["created", "created"]
    assert again.report["unknown_columns"] == []

    assert signed_in(coordinator).get(f"/imports/{batch.pk}/?refused=xlsx").status_code == 200


def test_only_coordinators_download_refused_rows(coordinator, focal_point, unit) -> None:
    content = xlsx([["title", "source", "responsible unit"], ["ა", "?", unit.code]])
    batch = _check(coordinator, "needs", "n.xlsx", content)
    assert signed_in(focal_point).get(f"/imports/{batch.pk}/?refused=xlsx").status_code == 403


def test_a_refused_cell_that_looks_like_a_formula_comes_back_as_text(coordinator, unit) -> None:
    formula = '=HYPERLINK("http://example.org/x","click")'
    content = (
        "title,source,responsible_unit\n"
        + f'"{formula.replace(chr(34), chr(34) * 2)}",?,{unit.code}\n'
    )
    batch = _check(coordinator, "needs", "n.csv", content.encode())
    response = signed_in(coordinator).get(f"/imports/{batch.pk}/?refused=xlsx")
    refused = load_workbook(io.BytesIO(response.content)).active
    assert refused is not None
    cell = refused["A2"]
    assert (cell.value, cell.data_type) == (formula, "s")
