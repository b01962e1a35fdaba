"""Indicator actuals in a progress report: the page and the API refuse the same values (the
service checks them against the model's field), and the project's page and API read whatever
is on file."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from core.errors import ActionBlocked
from projects.models import (
    IndicatorActual,
    ProgressActual,
    ProjectParticipant,
    ProjectResult,
    ResultIndicator,
)
from projects.services.progress import progress_report_submit
from tests.conftest import client_for
from tests.factories import ProjectFactory
from tests.web import signed_in

pytestmark = pytest.mark.django_db
D = datetime.date
REFUSED = ["1e20", "NaN", "nan", "Infinity", "-Infinity", "inf", "sNaN", "-sNaN", "1" * 40]


@pytest.fixture
def project(coordinator, unit):
    project = ProjectFactory.create(
        created_by=coordinator, next_report_due=D(2026, 12, 31), report_periodicity="quarterly"
    )
    ProjectParticipant.objects.create(project=project, role="4", unit=unit)
    return project


@pytest.fixture
def indicator(project):
    result = ProjectResult.objects.create(project=project, title="შედეგი")
    return ResultIndicator.objects.create(result=result, title="პატრულები", target=50)


def _fields(indicator, value: str) -> dict[str, str]:
    return {
        "period_start": "2026-10-01",
        "period_end": "2026-12-31",
        "progress": "გადამზადდა 20",
        f"actual-{indicator.pk}": value,
    }


@pytest.mark.parametrize("value", REFUSED)
def test_the_page_refuses_what_the_api_refuses(project, indicator, focal_point, value) -> None:
    page = signed_in(focal_point).post(
        f"/projects/{project.pk}/progress/", _fields(indicator, value)
    )
    assert page.status_code == 400
    assert "პატრულები" in page.content.decode()  # the refusal names the indicator
    api = client_for(focal_point).post(
        f"/api/projects/{project.pk}/progress-reports/",
        {
            "period_start": "2026-10-01",
            "period_end": "2026-12-31",
            "progress": "x",
            "actuals": [{"indicator": indicator.pk, "value": value}],
        },
        format="json",
    )
    assert api.status_code == 400
    assert not ProgressActual.objects.exists()
    assert signed_in(focal_point).get(f"/projects/{project.pk}/").status_code == 200


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("1e20")])
def test_the_service_refuses_values_the_field_cannot_hold(
    project, indicator, focal_point, value
) -> None:
    with pytest.raises(ActionBlocked):
        progress_report_submit(
            project=project,
            user=focal_point,
            period_start=D(2026, 10, 1),
            period_end=D(2026, 12, 31),
            progress="x",
            actuals={indicator: value},
        )
    assert not ProgressActual.objects.exists()


def test_a_good_actual_with_a_decimal_comma_is_kept(project, indicator, focal_point) -> None:
    response = signed_in(focal_point).post(
        f"/projects/{project.pk}/progress/", _fields(indicator, " 20,5 ")
    )
    assert response.status_code == 302
    assert ProgressActual.objects.get().value == Decimal("20.5")


def test_the_database_refuses_an_actual_that_is_not_a_number(indicator) -> None:
    """A row written around the app's checks cannot hold what would fail every page showing it:
    PostgreSQL's numeric(15, 2) holds NaN (not the infinities); SQLite keeps no NaN at all."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL's numeric holds NaN")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {IndicatorActual._meta.db_table} (indicator_id, period_start, "
            "period_end, value) VALUES (%s, '2026-01-01', '2026-03-31', %s::numeric)",
            [indicator.pk, "NaN"],
        )
