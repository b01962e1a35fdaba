"""Progress reports of monitored projects."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine

from core.errors import ActionBlocked, ActionForbidden, StateConflict
from projects.models import IndicatorActual, ProjectParticipant, ProjectResult, ResultIndicator
from projects.services.progress import progress_report_decide, progress_report_submit
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _after_the_first_period() -> Iterator[None]:
    # The reports below cover January 2027; a period is reported on once it has begun.
    with time_machine.travel(datetime.datetime(2027, 2, 3, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def project(coordinator, unit):
    project = ProjectFactory.create(
        created_by=coordinator, next_report_due=D(2027, 1, 31), report_periodicity="monthly"
    )
    ProjectParticipant.objects.create(project=project, role="4", unit=unit)
    return project


@pytest.fixture
def indicator(project):
    result = ProjectResult.objects.create(project=project, title="შედეგი")
    return ResultIndicator.objects.create(result=result, title="გადამზადებულები", target=50)


def _submit(project, user, **kw):
    values = {
        "period_start": D(2027, 1, 1),
        "period_end": D(2027, 1, 31),
        "progress": "გადამზადდა 20 პირი",
    } | kw
    return progress_report_submit(project=project, user=user, **values)


def test_accepted_report_records_actuals_and_advances_the_due_date(
    project, indicator, focal_point, coordinator
) -> None:
    report = _submit(project, focal_point, actuals={indicator: Decimal(20)})
    assert report.due_date == D(2027, 1, 31)
    progress_report_decide(report=report, user=coordinator, name="accept")
    project.refresh_from_db()
    assert project.next_report_due == D(2027, 2, 28)
    actual = IndicatorActual.objects.get()
    assert (actual.value, actual.period_end) == (20, D(2027, 1, 31))


def test_returned_report_keeps_the_due_date_and_needs_a_comment(
    project, focal_point, coordinator
) -> None:
    report = _submit(project, focal_point)
    with pytest.raises(ActionBlocked):
        progress_report_decide(report=report, user=coordinator, name="return_for_revision")
    progress_report_decide(
        report=report, user=coordinator, name="return_for_revision", comment="დააზუსტეთ"
    )
    project.refresh_from_db()
    assert report.state == "returned" and report.decision_comment == "დააზუსტეთ"
    assert project.next_report_due == D(2027, 1, 31)
    assert not IndicatorActual.objects.exists()


def test_only_participating_units_and_the_department_report(
    project, other_unit_focal_point, minister, coordinator
) -> None:
    for user in (other_unit_focal_point, minister):
        with pytest.raises(ActionForbidden):
            _submit(project, user)
    assert _submit(project, coordinator).state == "submitted"


def test_focal_point_cannot_decide(project, focal_point) -> None:
    report = _submit(project, focal_point)
    with pytest.raises(ActionForbidden):
        progress_report_decide(report=report, user=focal_point, name="accept")


def test_a_decided_report_is_not_decided_again(project, focal_point, coordinator) -> None:
    report = _submit(project, focal_point)
    progress_report_decide(report=report, user=coordinator, name="accept")
    with pytest.raises(StateConflict):
        progress_report_decide(
            report=report, user=coordinator, name="return_for_revision", comment="x"
        )


def test_bad_reports_are_refused(project, indicator, focal_point, coordinator) -> None:
    with pytest.raises(ActionBlocked):
        _submit(project, focal_point, period_end=D(2026, 12, 1))
    with pytest.raises(ActionBlocked):
        _submit(project, focal_point, progress="")
    other = ProjectFactory.create(created_by=coordinator, next_report_due=D(2027, 1, 31))
    with pytest.raises(ActionBlocked):
        _submit(other, coordinator, actuals={indicator: Decimal(1)})
    unmonitored = ProjectFactory.create(created_by=coordinator)
    with pytest.raises(StateConflict):
        _submit(unmonitored, coordinator)


def test_a_period_yet_to_begin_is_refused(project, focal_point) -> None:
    with pytest.raises(ActionBlocked, match="დაწყებულ პერიოდზე"):
        _submit(project, focal_point, period_start=D(2027, 2, 4), period_end=D(2027, 2, 28))
    assert not project.progress_reports.exists()


def test_a_period_yet_to_begin_is_refused_over_the_api(project, focal_point) -> None:
    from tests.conftest import client_for

    response = client_for(focal_point).post(
        f"/api/projects/{project.pk}/progress-reports/",
        {"period_start": "2027-03-01", "period_end": "2027-03-31", "progress": "წინასწარ"},
    )
    assert response.status_code == 400
    assert not project.progress_reports.exists()


def test_a_period_that_began_today_is_taken(project, focal_point) -> None:
    report = _submit(project, focal_point, period_start=D(2027, 2, 3), period_end=D(2027, 2, 28))
    assert report.pk is not None
