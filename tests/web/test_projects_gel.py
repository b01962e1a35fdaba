"""Budgets in lari beside their original amounts: the project page, the register's total and
the dashboard."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from projects.models import BudgetLine
from rates.models import ExchangeRate
from rates.services import RateRow, rates_record
from tests.factories import ProjectFactory
from tests.web import signed_in

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def project(coordinator):
    project = ProjectFactory.create(
        created_by=coordinator, title_ka="წყალმომარაგების პროექტი", planned_start=D(2025, 6, 2)
    )
    BudgetLine.objects.create(
        project=project, amount=Decimal("100000"), currency="EUR", period_start=D(2026, 3, 7)
    )
    BudgetLine.objects.create(project=project, amount=Decimal("50000"), currency="USD")
    BudgetLine.objects.create(project=project, amount=Decimal("20000"), currency="GEL")
    return project


@pytest.fixture
def rates() -> None:
    rates_record(
        rows=[
            # Friday: the EUR line's period starts on the Saturday after.
            RateRow(date=D(2026, 3, 6), currency="EUR", quantity=1, rate=Decimal("3.0000")),
            RateRow(date=D(2025, 6, 2), currency="USD", quantity=1, rate=Decimal("2.7400")),
        ],
        source=ExchangeRate.Source.NBG,
    )


def test_the_project_page_shows_the_total_in_gel_with_the_originals(project, rates, viewer) -> None:
    page = signed_in(viewer).get(f"/projects/{project.pk}/").content.decode()
    block = page[page.index('id="budget-gel"') :]
    # 300 000 + 137 000 + 20 000 lari.
    assert "457 000.00 GEL" in block
    assert "100 000.00 EUR" in block and "50 000.00 USD" in block and "20 000.00 GEL" in block
    # Each line says the rate and the date it was taken from.
    assert "300 000.00 GEL" in block and "06.03.2026" in block and "137 000.00 GEL" in block


def test_a_project_total_lacking_a_rate_names_it_instead_of_a_sum(project, viewer) -> None:
    rates_record(
        rows=[RateRow(date=D(2026, 3, 6), currency="EUR", quantity=1, rate=Decimal("3"))],
        source=ExchangeRate.Source.NBG,
    )
    page = signed_in(viewer).get(f"/projects/{project.pk}/").content.decode()
    block = page[page.index('id="budget-gel"') :]
    assert "USD 02.06.2025" in block and "457 000.00 GEL" not in block
    assert "50 000.00 USD" in block


def test_the_register_gives_the_selections_budget_in_gel(
    project, rates, coordinator, viewer
) -> None:
    other = ProjectFactory.create(created_by=coordinator, title_ka="სხვა პროექტი", status="4")
    BudgetLine.objects.create(
        project=other, amount=Decimal("1000"), currency="EUR", period_start=D(2026, 3, 6)
    )
    client = signed_in(viewer)
    page = client.get("/projects/").content.decode()
    line = page[page.index('id="register-gel"') :]
    line = line[: line.index("</p>")]
    assert "460 000.00 GEL" in line and "101 000.00 EUR" in line
    only = client.get("/projects/?status=4").content.decode()
    line = only[only.index('id="register-gel"') :]
    assert "3 000.00 GEL" in line[: line.index("</p>")]


def test_the_dashboard_shows_funding_in_gel_by_year(project, rates, coordinator) -> None:
    page = signed_in(coordinator).get("/dashboard/").content.decode()
    table = page[page.index('id="funding-gel"') :]
    table = table[: table.index("</section>")]
    year_2026 = table[table.index('data-year="2026"') :]
    assert "300 000.00 GEL" in year_2026[: year_2026.index("</tr>")]
    total = table[table.index('id="funding-gel-total"') :]
    assert "457 000.00 GEL" in total
