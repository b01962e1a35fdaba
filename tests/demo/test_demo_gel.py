"""Every lari total the demo shows has its rates: each project's budget, the register's and
the dashboard's funding in lari, whatever the currencies and dates of the demo's budgets."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from core.models import User
from insight.gel import funding_in_gel
from projects.budget_gel import project_lines_in_gel, project_total_in_gel
from projects.models import BudgetLine, Project
from rates.models import ExchangeRate
from tests.web import signed_in

# Each test loads the whole demo data set.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_every_demo_total_in_lari_has_its_rates() -> None:
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())
    currencies = set(BudgetLine.objects.values_list("currency", flat=True)) - {"GEL"}
    # The demo's budgets are in more than the four usual currencies, some years back.
    assert {"SEK", "JPY"} <= currencies
    assert currencies <= set(ExchangeRate.objects.values_list("currency", flat=True))
    projects = Project.objects.prefetch_related("budget_lines")
    assert projects.filter(budget_lines__isnull=False).exists()
    for project in projects:
        total = project_total_in_gel(project)
        assert total.complete, (project.pk, total.missing)
        assert all(converted.missing is None for _line, converted in project_lines_in_gel(project))
    funding = funding_in_gel()
    assert funding.total.complete and funding.total.gel, funding.total.missing
    assert len(funding.years) > 3
    for year, total, _url in funding.years:
        assert total.complete, (year, total.missing)
    # The pages say so too, and the rates are not said to be the bank's.
    client = signed_in(User.objects.get(username="coordinator"))
    for page in ("/dashboard/", "/projects/"):
        assert 'class="gel-missing"' not in client.get(page).content.decode()
    assert not ExchangeRate.objects.filter(source=ExchangeRate.Source.NBG).exists()
