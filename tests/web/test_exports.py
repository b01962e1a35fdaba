"""XLSX exports are spreadsheets a clerk can work with: dates are date cells, amounts, counts
and days are numbers (the currency in a column of its own), and users' text stays text."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.utils import timezone, translation
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from core.models import User
from projects.models import BudgetLine, Project
from tests.factories import ProjectFactory
from tests.web import signed_in
from workflow.models import Opportunity

FORMULA = '=HYPERLINK("http://evil.example","click")'


def _sheet(response: Any) -> tuple[list[str], list[dict[str, Cell]]]:
    """The header and each row as header → cell, read back as a spreadsheet program would."""
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows())
    names = [str(cell.value) for cell in header]
    return names, [dict(zip(names, row, strict=True)) for row in rows]


def _ka(message: str, **values: str) -> str:
    with translation.override("ka"):
        text = translation.gettext(message)
    return text % values if values else text


def _label(state: Opportunity.State) -> str:
    with translation.override("ka"):
        return str(state.label)


def _is_date(cell: Cell, day: datetime.date) -> None:
    assert cell.is_date, cell.coordinate
    assert cell.value == datetime.datetime.combine(day, datetime.time())
    assert cell.number_format == "dd.mm.yyyy"


def _is_number(cell: Cell, value: Decimal | float) -> None:
    assert cell.data_type == "n" and not cell.is_date, cell.coordinate
    assert cell.value == value


def test_register_dates_are_dates_and_the_value_a_number_beside_its_currency(
    viewer: User, make_opportunity: Any
) -> None:
    make_opportunity(
        title=FORMULA,
        estimated_value=Decimal("250000.50"),
        currency="USD",
        application_deadline=datetime.date(2026, 12, 1),
    )
    make_opportunity(title="ვადისა და თანხის გარეშე", estimated_value=None)
    client = signed_in(viewer)
    _header, rows = _sheet(client.get("/register/", {"export": "xlsx"}))
    dated, undated = sorted(rows, key=lambda row: str(row[_ka("title")].value) != FORMULA)

    _is_date(dated[_ka("donor application deadline")], datetime.date(2026, 12, 1))
    _is_number(dated[_ka("estimated value")], 250000.5)
    assert dated[_ka("estimated value")].number_format == "#,##0.00"
    assert dated[_ka("currency")].value == "USD" and dated[_ka("currency")].data_type == "s"
    # A title that looks like a formula is kept as the text it is.
    assert dated[_ka("title")].value == FORMULA and dated[_ka("title")].data_type == "s"
    # Nothing known is an empty cell, not a zero or a dash a sum would trip over.
    assert undated[_ka("donor application deadline")].value is None
    assert undated[_ka("estimated value")].value is None

    # CSV has no cell types: the date reads as on the pages.
    text = client.get("/register/", {"export": "csv"}).content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    deadlines = {row[_ka("donor application deadline")] for row in table}
    assert deadlines == {"01.12.2026", ""}


def test_route_days_are_numbers(viewer: User, make_opportunity: Any) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        opportunity = make_opportunity()
    with time_machine.travel(start + datetime.timedelta(days=3, hours=12), tick=False):
        response = signed_in(viewer).get("/reports/route/", {"export": "xlsx"})
    _header, (row,) = _sheet(response)
    assert row[_ka("reference")].value == opportunity.reference
    identified = row[_label(Opportunity.State.IDENTIFIED)]
    _is_number(identified, 3.5)
    assert identified.number_format == "0.0"
    assert row[_label(Opportunity.State.PRESENTED)].value is None


@pytest.fixture
def budgets(coordinator: User) -> dict[str, Project]:
    """Projects budgeted in euros and lari, in lari alone, and not yet budgeted."""

    def line(project: Project, amount: str, currency: str, year: int) -> None:
        BudgetLine.objects.create(
            project=project,
            amount=Decimal(amount),
            currency=currency,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
        )

    mixed = ProjectFactory(
        title_ka="ორ ვალუტაში",
        planned_start=datetime.date(2026, 3, 1),
        planned_end=datetime.date(2027, 12, 31),
        created_by=coordinator,
    )
    line(mixed, "100000.00", "EUR", 2026)
    line(mixed, "250000.25", "GEL", 2026)
    line(mixed, "50000.00", "GEL", 2027)
    lari = ProjectFactory(
        title_ka="ლარში", planned_start=datetime.date(2025, 1, 15), created_by=coordinator
    )
    line(lari, "1000.50", "GEL", 2025)
    unbudgeted = ProjectFactory(title_ka="ბიუჯეტის გარეშე", created_by=coordinator)
    return {"mixed": mixed, "lari": lari, "unbudgeted": unbudgeted}


def test_project_budgets_get_a_column_per_currency_and_one_row_per_project(
    budgets: dict[str, Project], viewer: User
) -> None:
    header, rows = _sheet(signed_in(viewer).get("/projects/", {"export": "xlsx"}))
    eur, gel = (
        _ka("budget (%(currency)s)", currency="EUR"),
        _ka("budget (%(currency)s)", currency="GEL"),
    )
    assert header.index(eur) + 1 == header.index(gel)
    by_title = {row[_ka("title (Georgian)")].value: row for row in rows}
    assert len(rows) == len(by_title) == 3  # a project with two currencies is still one row

    mixed, lari, unbudgeted = (by_title[p.title_ka] for p in budgets.values())
    _is_number(mixed[eur], 100000)
    _is_number(mixed[gel], 300000.25)
    _is_number(lari[gel], 1000.5)
    assert mixed[gel].number_format == "#,##0.00"
    assert lari[eur].value is None and unbudgeted[gel].value is None
    # A plain sum of a column is the total in that currency.
    assert sum(row[gel].value or 0 for row in rows) == pytest.approx(301000.75)

    _is_date(mixed[_ka("planned start")], datetime.date(2026, 3, 1))
    _is_date(mixed[_ka("planned end")], datetime.date(2027, 12, 31))
    _is_date(lari[_ka("planned start")], datetime.date(2025, 1, 15))
    assert lari[_ka("planned end")].value is None
    # Sorting the date column orders the projects by date, not by the text of the day.
    starts = sorted(
        row[_ka("planned start")].value for row in rows if row[_ka("planned start")].value
    )
    assert [s.date() for s in starts] == [datetime.date(2025, 1, 15), datetime.date(2026, 3, 1)]


def test_a_project_title_that_looks_like_a_formula_stays_text(
    coordinator: User, viewer: User
) -> None:
    ProjectFactory(title_ka=FORMULA, created_by=coordinator)
    _header, (row,) = _sheet(signed_in(viewer).get("/projects/", {"export": "xlsx"}))
    cell = row[_ka("title (Georgian)")]
    assert cell.value == FORMULA and cell.data_type == "s"


def test_an_empty_export_has_its_header_and_no_budget_columns(viewer: User, db: None) -> None:
    header, rows = _sheet(signed_in(viewer).get("/projects/", {"export": "xlsx"}))
    assert rows == []
    assert _ka("planned start") in header
    assert not any("(" in name and name.startswith(_ka("budget")) for name in header)
