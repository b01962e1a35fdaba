"""Permission comes before validation: a viewer or a person with no role who sends a body that
is not even valid is told they may not (403), not what is wrong with the body (400), on every
endpoint that creates a record."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.web import signed_in

pytestmark = pytest.mark.django_db

INVALID = {"title": ["not", "text"], "name_ka": 7, "kind": "lottery", "due_date": "soon"}

API_CREATES = [
    "/api/opportunities/",
    "/api/projects/",
    "/api/obligations/",
    "/api/commitments/",
    "/api/needs/",
    "/api/trainings/",
    "/api/units/",
    "/api/donors/",
]
PAGE_CREATES = [
    "/opportunities/new/",
    "/projects/new/",
    "/needs/new/",
    "/trainings/new/",
    "/meetings/new/",
    "/opportunities/{opportunity}/communications/",
    "/projects/{project}/obligations/new/",
]


@pytest.mark.parametrize("who", ["viewer", "outsider"])
@pytest.mark.parametrize("address", API_CREATES)
def test_api_creates_refuse_before_reading_the_body(who, address, request) -> None:
    user = request.getfixturevalue(who)
    response = client_for(user).post(address, INVALID, format="json")
    assert response.status_code == 403, response.json()


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_api_updates_and_reports_refuse_before_reading_the_body(
    who, request, make_opportunity, coordinator
) -> None:
    from tests.factories import ProjectFactory

    user = request.getfixturevalue(who)
    opportunity = make_opportunity()
    project = ProjectFactory.create(created_by=coordinator, next_report_due="2026-12-31")
    client = client_for(user)
    for address in (f"/api/opportunities/{opportunity.pk}/", f"/api/projects/{project.pk}/"):
        assert client.patch(address, INVALID, format="json").status_code == 403, address
    reported = client.post(f"/api/projects/{project.pk}/progress-reports/", INVALID, format="json")
    assert reported.status_code == 403


@pytest.mark.parametrize("who", ["viewer", "outsider"])
@pytest.mark.parametrize("address", PAGE_CREATES)
def test_page_creates_refuse_before_reading_the_form(
    who, address, request, make_opportunity, coordinator
) -> None:
    from tests.factories import ProjectFactory

    user = request.getfixturevalue(who)
    page = address.format(
        opportunity=make_opportunity().pk, project=ProjectFactory.create(created_by=coordinator).pk
    )
    response = signed_in(user).post(page, {"title": "", "starts_at": "soon", "kind": "x"})
    assert response.status_code == 403, page


@pytest.mark.parametrize("who", ["viewer", "outsider", "focal_point"])
def test_api_transitions_refuse_before_reading_the_body(
    who, request, make_opportunity, make_obligation
) -> None:
    """A body the move could never accept is not judged for someone who may not move it."""
    client = client_for(request.getfixturevalue(who))
    bad = {"meeting": "soon", "confirmed_amount": "a lot", "report": 7, "comment": ["x"]}
    opportunity = make_opportunity(state="presented")
    approve = f"/api/opportunities/{opportunity.pk}/transitions/approve/"
    assert client.post(approve, bad, format="json").status_code == 403
    obligation = make_obligation()
    accept = f"/api/obligations/{obligation.pk}/transitions/accept/"
    assert client.post(accept, bad, format="json").status_code == 403


@pytest.mark.parametrize("who", ["viewer", "outsider", "focal_point"])
def test_progress_report_decisions_refuse_before_reading_the_body(
    who, request, coordinator, unit, focal_point
) -> None:
    from projects.models import ProgressReport
    from tests.factories import ProjectFactory

    project = ProjectFactory.create(created_by=coordinator)
    report = ProgressReport.objects.create(
        project=project,
        period_start="2026-01-01",
        period_end="2026-06-30",
        due_date="2026-07-15",
        progress="ანგარიში",
        submitted_by=focal_point,
    )
    client = client_for(request.getfixturevalue(who))
    address = f"/api/projects/{project.pk}/progress-reports/{report.pk}/accept/"
    assert client.post(address, {"comment": ["not", "text"]}, format="json").status_code == 403
