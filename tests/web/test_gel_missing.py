"""A total in lari lacking a rate: its label says "in lari" once, it names the currency and
date that lack one, and the original amounts stay beside it."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from projects.models import BudgetLine
from rates.models import ExchangeRate
from rates.services import RateRow, rates_record
from tests.factories import ProjectFactory
from tests.web import signed_in

pytestmark = pytest.mark.django_db
D = datetime.date


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


@pytest.fixture
def project(coordinator):
    """EUR with a rate and SEK without one, both in 2026."""
    project = ProjectFactory.create(
        created_by=coordinator, title_ka="შვედეთის პროექტი", planned_start=D(2026, 1, 5)
    )
    BudgetLine.objects.create(
        project=project, amount=Decimal("100000"), currency="EUR", period_start=D(2026, 3, 6)
    )
    BudgetLine.objects.create(
        project=project, amount=Decimal("500000"), currency="SEK", period_start=D(2026, 2, 2)
    )
    rates_record(
        rows=[RateRow(date=D(2026, 3, 6), currency="EUR", quantity=1, rate=Decimal("3"))],
        source=ExchangeRate.Source.UPLOAD,
    )
    return project


def _project_total(client, project) -> str:
    page = client.get(f"/projects/{project.pk}/").content.decode()
    block = page[page.index('id="budget-gel"') :]
    block = block[block.index("<p>") :]
    return _text(block[: block.index("</p>")])


def test_the_project_total_says_in_lari_once_in_georgian(project, viewer) -> None:
    total = _project_total(signed_in(viewer), project)
    assert total.startswith("სულ ლარში: კურსი არ არის")
    assert total.count("ლარში") == 1
    assert "SEK 02.02.2026" in total and "EUR" not in total.split("(")[0]
    assert "100 000.00 EUR" in total and "500 000.00 SEK" in total


def test_the_project_total_says_in_lari_once_in_english(project, viewer) -> None:
    client = signed_in(viewer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    total = _project_total(client, project)
    assert total.startswith("Total in GEL: no rate for SEK 02.02.2026 (")
    assert total.count("in GEL") == 1


def test_a_dashboard_year_lacking_one_rate_names_it_and_keeps_the_amounts(
    project, coordinator
) -> None:
    page = signed_in(coordinator).get("/dashboard/").content.decode()
    table = page[page.index('id="funding-gel"') :]
    row = table[table.index('data-year="2026"') :]
    row = _text(row[: row.index("</tr>")])
    # No lari figure (300 000 lari of the euros would read as the whole year), the one
    # currency and date lacking a rate, and both original amounts.
    assert "GEL" not in row
    assert "კურსი არ არის: SEK 02.02.2026 (" in row
    assert "100 000.00 EUR" in row and "500 000.00 SEK" in row
