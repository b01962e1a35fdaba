"""Sorting a register by its column headers: ``?sort=<column>`` ascending, ``-<column>``
descending, any other value ignored; the headers say which column the list is sorted by, and
pagination, the export and the other filters keep the sort."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from actionplans.services import plan_create
from commitments.models import Framework
from commitments.services import commitment_create
from core.models import OrganisationalUnit, User
from needs.services import need_create
from tests.factories import MeetingFactory, ProjectFactory
from tests.web import signed_in
from trainings.services import training_create

pytestmark = pytest.mark.django_db

FIRST, SECOND = "ააა-პირველი", "ბბბ-მეორე"  # in this order ascending


def _opportunities(w: dict[str, Any]) -> None:
    w["make_opportunity"](title=FIRST)
    w["make_opportunity"](title=SECOND)


def _projects(w: dict[str, Any]) -> None:
    # The list's own order is the latest start first: the sort must turn it round.
    ProjectFactory.create(
        title_ka=FIRST, actual_start=datetime.date(2024, 1, 1), created_by=w["coordinator"]
    )
    ProjectFactory.create(
        title_ka=SECOND, actual_start=datetime.date(2025, 1, 1), created_by=w["coordinator"]
    )


def _obligations(w: dict[str, Any]) -> None:
    w["make_obligation"](description=FIRST, due_date=datetime.date(2027, 1, 31))
    w["make_obligation"](description=SECOND, due_date=datetime.date(2027, 2, 28))


def _needs(w: dict[str, Any]) -> None:
    for title in (FIRST, SECOND):
        need_create(
            user=w["coordinator"],
            fields={"title": title, "source": "aa", "responsible_unit": w["unit"]},
        )


def _training(user: User, unit: OrganisationalUnit, name: str, start: datetime.date) -> None:
    training_create(
        user=user,
        fields={
            "name": name,
            "organiser": "FRONTEX",
            "unit": unit,
            "start_date": start,
            "end_date": start + datetime.timedelta(days=2),
            "duration_days": Decimal("3"),
            "country": "პოლონეთი",
            "women": 1,
            "men": 1,
        },
    )


def _trainings(w: dict[str, Any]) -> None:
    _training(w["coordinator"], w["unit"], FIRST, datetime.date(2025, 3, 2))
    _training(w["coordinator"], w["unit"], SECOND, datetime.date(2026, 3, 2))


def _meetings(w: dict[str, Any]) -> None:
    MeetingFactory.create(title=FIRST, created_by=w["coordinator"])
    MeetingFactory.create(title=SECOND, created_by=w["coordinator"])


def _commitments(w: dict[str, Any]) -> None:
    for reference, text in (("2.1", FIRST), ("1.1", SECOND)):
        commitment_create(
            user=w["coordinator"],
            fields={
                "framework": Framework.objects.get(code="nato-anp"),
                "reference": reference,
                "text_ka": text,
                "responsible_unit": w["unit"],
            },
        )


def _action_plans(w: dict[str, Any]) -> None:
    plan_create(user=w["coordinator"], fields={"year": 2030, "unit": w["unit"], "title": FIRST})
    plan_create(user=w["coordinator"], fields={"year": 2031, "unit": w["unit"], "title": SECOND})


# (list address, column, what makes two rows, FIRST before SECOND ascending)
REGISTERS: list[tuple[str, str, Callable[[dict[str, Any]], None]]] = [
    ("/register/", "title", _opportunities),
    ("/projects/", "title", _projects),
    ("/obligations/", "owed_under", _obligations),
    ("/obligations/", "due_date", _obligations),
    ("/needs/", "title", _needs),
    ("/trainings/", "name", _trainings),
    ("/trainings/", "dates", _trainings),
    ("/meetings/", "title", _meetings),
    ("/commitments/", "text", _commitments),
    ("/action-plans/", "year", _action_plans),
]


@pytest.fixture
def world(
    coordinator: User,
    unit: OrganisationalUnit,
    make_opportunity: Callable[..., Any],
    make_obligation: Callable[..., Any],
) -> dict[str, Any]:
    return {
        "coordinator": coordinator,
        "unit": unit,
        "make_opportunity": make_opportunity,
        "make_obligation": make_obligation,
    }


def _order(page: str, *names: str) -> list[str]:
    """``names`` in the order the page shows them in its table."""
    table = page[page.index("<tbody") :]
    return sorted(names, key=table.index)


@pytest.mark.parametrize(("url", "column", "make"), REGISTERS)
def test_a_register_sorts_by_a_column_both_ways(
    world: dict[str, Any],
    url: str,
    column: str,
    make: Callable[[dict[str, Any]], None],
) -> None:
    make(world)
    client = signed_in(world["coordinator"])

    ascending = client.get(url, {"sort": column}).content.decode()
    assert _order(ascending, FIRST, SECOND) == [FIRST, SECOND]
    assert 'aria-sort="ascending"' in ascending
    assert f'href="?sort=-{column}"' in ascending  # the header turns it round

    descending = client.get(url, {"sort": f"-{column}"}).content.decode()
    assert _order(descending, FIRST, SECOND) == [SECOND, FIRST]
    assert 'aria-sort="descending"' in descending
    assert f'href="?sort={column}"' in descending


# Columns of the tables the test above does not sort by.
OTHER_COLUMNS = {
    "reference",
    "state",
    "donor",
    "owning_unit",
    "application_deadline",
    "status",
    "actual_start",
    "actual_end",
    "next_report_due",
    "kind",
    "responsible_unit",
    "recurrence",
    "source",
    "priority",
    "organiser",
    "unit",
    "place",
    "women",
    "men",
    "starts_at",
    "commitment",
    "text",
    "deadline",
    "title",
    "activities",
    "year",
}


@pytest.mark.parametrize("url", sorted({url for url, _, _ in REGISTERS}))
@pytest.mark.parametrize("sort", ["password", "-", "--title", "title__secret", "-created_by"])
def test_an_unknown_sort_is_ignored(coordinator: User, url: str, sort: str) -> None:
    columns = {column for address, column, _ in REGISTERS if address == url} | OTHER_COLUMNS
    client = signed_in(coordinator)
    plain = client.get(url)
    response = client.get(url, {"sort": sort})
    assert response.status_code == 200
    page = response.content.decode()
    assert "aria-sort" not in page
    # The headers still offer to sort, each by its own column and nothing else.
    links = re.findall(r'<a class="sort" href="\?sort=([^"]*)"', page)
    assert links and all(link.removeprefix("-") in columns for link in links)
    assert plain.status_code == 200


def test_pagination_export_and_filters_keep_the_sort(
    coordinator: User, unit: OrganisationalUnit
) -> None:
    for n in range(27):
        need_create(
            user=coordinator,
            fields={"title": f"საჭიროება {n:02d}", "source": "aa", "responsible_unit": unit},
        )
    client = signed_in(coordinator)
    page = client.get("/needs/", {"status": "open", "sort": "-title"}).content.decode()
    assert "status=open&amp;sort=-title&amp;page=2" in page
    assert "status=open&amp;sort=-title&amp;export=xlsx" in page
    # A header sorts the same selection: the filter stays, the sort is its own.
    assert 'href="?status=open&amp;sort=title"' in page
    assert _order(page, "საჭიროება 26", "საჭიროება 25") == ["საჭიროება 26", "საჭიროება 25"]

    second = client.get("/needs/", {"status": "open", "sort": "-title", "page": "2"})
    assert "საჭიროება 00" in second.content.decode()

    export = client.get("/needs/", {"sort": "title", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    titles = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == sorted(titles) and len(titles) == 27


def test_a_table_outside_its_register_has_plain_headers(
    focal_point: User, make_opportunity: Callable[..., Any]
) -> None:
    make_opportunity(title=FIRST)
    page = signed_in(focal_point).get("/", {"sort": "title"}).content.decode()
    assert 'class="sort"' not in page
