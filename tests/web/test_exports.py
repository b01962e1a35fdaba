"""XLSX exports are spreadsheets a clerk can work with: dates are date cells, amounts, counts
and days are numbers (the currency in a column of its own), and users' text stays text."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any, cast

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from core.models import OrganisationalUnit, User
from needs.models import Need
from needs.services import need_create
from projects.models import BudgetLine, Obligation, Project
from projects.services.obligations import obligation_transition
from tests.factories import ProjectFactory, UserFactory
from tests.web import signed_in
from trainings.models import Training
from trainings.services import TrainingFields, training_create
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

    mixed = ProjectFactory.create(
        title_ka="ორ ვალუტაში",
        planned_start=datetime.date(2026, 3, 1),
        planned_end=datetime.date(2027, 12, 31),
        created_by=coordinator,
    )
    line(mixed, "100000.00", "EUR", 2026)
    line(mixed, "250000.25", "GEL", 2026)
    line(mixed, "50000.00", "GEL", 2027)
    lari = ProjectFactory.create(
        title_ka="ლარში", planned_start=datetime.date(2025, 1, 15), created_by=coordinator
    )
    line(lari, "1000.50", "GEL", 2025)
    unbudgeted = ProjectFactory.create(title_ka="ბიუჯეტის გარეშე", created_by=coordinator)
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
    ProjectFactory.create(title_ka=FORMULA, created_by=coordinator)
    _header, (row,) = _sheet(signed_in(viewer).get("/projects/", {"export": "xlsx"}))
    cell = row[_ka("title (Georgian)")]
    assert cell.value == FORMULA and cell.data_type == "s"


def test_an_empty_export_has_its_header_and_no_budget_columns(viewer: User, db: None) -> None:
    header, rows = _sheet(signed_in(viewer).get("/projects/", {"export": "xlsx"}))
    assert rows == []
    assert _ka("planned start") in header
    assert not any("(" in name and name.startswith(_ka("budget")) for name in header)


# --- The obligation register, the shopping list and the training record -------------------


def _queries(client: Client, url: str, params: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def test_obligations_export_the_filtered_rows_with_due_and_report_days_as_dates(
    make_obligation: Any,
    other_unit: OrganisationalUnit,
    focal_point: User,
    coordinator: User,
    viewer: User,
) -> None:
    project = ProjectFactory.create(title_ka="საზღვრის მართვა", created_by=coordinator)
    chased = make_obligation(
        project=project,
        kind=Obligation.Kind.FINANCIAL_REPORT,
        description=FORMULA,
        due_date=datetime.date(2027, 3, 31),
        recurrence=Obligation.Recurrence.EVERY_N_DAYS,
        every_days=45,
    )
    make_obligation(responsible_unit=other_unit, recurrence=Obligation.Recurrence.MONTHLY)
    # Late in the evening in UTC is already the next day in Tbilisi: the day shown is local.
    moment = datetime.datetime(2026, 11, 20, 22, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        obligation_transition(obligation=chased, user=focal_point, name="submit", report="x")

    client = signed_in(viewer)
    _header, (row,) = _sheet(
        client.get(
            "/obligations/", {"responsible_unit": chased.responsible_unit_id, "export": "xlsx"}
        )
    )
    assert row[_ka("project")].value == "საზღვრის მართვა"
    with translation.override("ka"):
        assert row[_ka("type")].value == str(Obligation.Kind.FINANCIAL_REPORT.label)
        assert row[_ka("status")].value == str(Obligation.State.SUBMITTED.label)
    assert row[_ka("description")].value == FORMULA
    assert row[_ka("description")].data_type == "s"
    _is_date(row[_ka("due date")], datetime.date(2027, 3, 31))
    _is_number(row[_ka("every how many days")], 45)
    assert row[_ka("every how many days")].number_format == "0"
    _is_date(row[_ka("last report submitted")], datetime.date(2026, 11, 21))

    _header, rows = _sheet(client.get("/obligations/", {"export": "xlsx"}))
    monthly = next(r for r in rows if r[_ka("project")].value != "საზღვრის მართვა")
    # A monthly series has no "every N days", and nothing reported has no report day.
    assert monthly[_ka("every how many days")].value is None
    assert monthly[_ka("last report submitted")].value is None


@pytest.fixture
def needs(unit: OrganisationalUnit, coordinator: User, make_opportunity: Any) -> list[Need]:
    answered = need_create(
        user=coordinator,
        fields={
            "title": "სასაზღვრო კამერები",
            "source": Need.Source.AA,
            "source_reference": "მუხლი 14",
            "priority": Need.Priority.HIGH,
            "responsible_unit": unit,
        },
        opportunities=[make_opportunity(), make_opportunity()],
        projects=[ProjectFactory.create(title_ka="ვიდეოთვალთვალი", created_by=coordinator)],
    )
    low = need_create(
        user=coordinator,
        fields={
            "title": "სასწავლო დარბაზი",
            "source": Need.Source.OTHER,
            "priority": Need.Priority.LOW,
            "responsible_unit": unit,
        },
    )
    return [answered, low]


def test_needs_export_the_filtered_rows_with_their_source_and_answers(
    needs: list[Need], viewer: User
) -> None:
    answered, _low = needs
    _header, (row,) = _sheet(
        signed_in(viewer).get("/needs/", {"priority": "high", "export": "xlsx"})
    )
    assert row[_ka("title")].value == "სასაზღვრო კამერები"
    assert row[_ka("reference in the source")].value == "მუხლი 14"
    assert row[_ka("responsible unit")].value == answered.responsible_unit.name
    with translation.override("ka"):
        assert row[_ka("source commitment")].value == str(Need.Source.AA.label)
        assert row[_ka("priority")].value == str(Need.Priority.HIGH.label)
        assert row[_ka("status")].value == str(Need.Status.OPEN.label)
    references = sorted(o.reference for o in answered.opportunities.all())
    assert row[_ka("opportunities")].value == "; ".join(references)
    assert row[_ka("projects")].value == "ვიდეოთვალთვალი"


def test_needs_export_reads_links_without_a_query_per_row(
    needs: list[Need], unit: OrganisationalUnit, coordinator: User, viewer: User
) -> None:
    client = signed_in(viewer)
    few = _queries(client, "/needs/", {"export": "xlsx"})
    for number in range(5):
        need_create(
            user=coordinator,
            fields={"title": f"საჭიროება {number}", "source": "un", "responsible_unit": unit},
            projects=[ProjectFactory.create(created_by=coordinator)],
        )
    assert _queries(client, "/needs/", {"export": "xlsx"}) == few


def _training(unit: OrganisationalUnit, coordinator: User, **fields: Any) -> Training:
    values = {
        "name": "საზღვრის რისკების ანალიზი",
        "organiser": "FRONTEX",
        "unit": unit,
        "start_date": datetime.date(2026, 3, 2),
        "end_date": datetime.date(2026, 3, 6),
        "duration_days": Decimal("4.5"),
        "place": "ვარშავა",
        "country": "პოლონეთი",
        "women": 3,
        "men": 4,
    } | fields
    return training_create(user=coordinator, fields=cast(TrainingFields, values))


def test_trainings_export_dates_as_dates_and_days_and_people_as_numbers(
    unit: OrganisationalUnit, coordinator: User, viewer: User
) -> None:
    training = _training(unit, coordinator)
    training.staff.set([UserFactory.create(first_name="ნინო", last_name="ბერიძე")])
    _training(
        unit,
        coordinator,
        name="წინა წლის",
        start_date=datetime.date(2025, 5, 5),
        end_date=datetime.date(2025, 5, 5),
        duration_days=Decimal("1"),
    )

    _header, (row,) = _sheet(
        signed_in(viewer).get("/trainings/", {"year": "2026", "export": "xlsx"})
    )
    assert row[_ka("name")].value == "საზღვრის რისკების ანალიზი"
    assert row[_ka("unit")].value == unit.name
    _is_date(row[_ka("start date")], datetime.date(2026, 3, 2))
    _is_date(row[_ka("end date")], datetime.date(2026, 3, 6))
    _is_number(row[_ka("duration, days")], 4.5)
    assert row[_ka("duration, days")].number_format == "0.0"
    for column, count in [("women", 3), ("men", 4), ("participants", 7)]:
        _is_number(row[_ka(column)], count)
        assert row[_ka(column)].number_format == "0"
    assert row[_ka("named staff")].value == "ნინო ბერიძე"
    assert row[_ka("opportunity")].value is None and row[_ka("project")].value is None


def test_trainings_export_every_page_without_a_query_per_row(
    unit: OrganisationalUnit, coordinator: User, viewer: User
) -> None:
    client = signed_in(viewer)
    _training(unit, coordinator, name="პირველი")
    one = _queries(client, "/trainings/", {"export": "xlsx"})
    project = ProjectFactory.create(created_by=coordinator)
    for number in range(30):
        training = _training(unit, coordinator, name=f"ტრენინგი {number}", project=project)
        training.staff.set([coordinator])
    assert _queries(client, "/trainings/", {"export": "xlsx"}) == one
    # More rows than a page holds: the file has them all, not the first page.
    _header, rows = _sheet(client.get("/trainings/", {"export": "xlsx", "page": "1"}))
    assert len(rows) == 31


def test_obligations_export_without_a_query_per_row(
    make_obligation: Any, focal_point: User, viewer: User
) -> None:
    client = signed_in(viewer)
    make_obligation()
    one = _queries(client, "/obligations/", {"export": "xlsx"})
    for _number in range(5):
        obligation = make_obligation()
        obligation_transition(obligation=obligation, user=focal_point, name="submit", report="x")
    assert _queries(client, "/obligations/", {"export": "xlsx"}) == one


@pytest.mark.parametrize(
    ("url", "filters"),
    [
        ("/obligations/", "state=open&kind=audit"),
        ("/needs/", "priority=high&text=%E1%83%90"),
        ("/trainings/", "year=2026&text=FRONTEX"),
    ],
)
def test_a_list_links_to_its_export_with_its_filters_and_only_its_viewers_get_it(
    url: str, filters: str, viewer: User
) -> None:
    client = signed_in(viewer)
    page = client.get(f"{url}?{filters}&page=1").content.decode()
    escaped = filters.replace("&", "&amp;")
    assert f'href="?{escaped}&amp;export=xlsx"' in page
    _header, rows = _sheet(client.get(f"{url}?{filters}&export=xlsx"))
    assert rows == []

    # Someone who cannot see the list is sent to sign in, and gets no file.
    response = Client().get(f"{url}?{filters}&export=xlsx")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", ["/obligations/", "/needs/", "/trainings/"])
def test_a_wrong_filter_value_exports_nothing_rather_than_everything(
    url: str,
    viewer: User,
    make_obligation: Any,
    needs: list[Need],
    unit: OrganisationalUnit,
    coordinator: User,
) -> None:
    make_obligation()
    _training(unit, coordinator)
    client = signed_in(viewer)
    _header, rows = _sheet(client.get(url, {"export": "xlsx"}))
    assert rows
    bad = {"/obligations/": "due_before", "/needs/": "responsible_unit", "/trainings/": "year"}
    _header, rows = _sheet(client.get(url, {bad[url]: "31.31.2026", "export": "xlsx"}))
    assert rows == []
