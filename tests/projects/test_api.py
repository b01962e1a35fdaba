"""The registers over HTTP: reading, recording obligations and moving them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from projects.models import BudgetLine, Obligation
from tests.conftest import client_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(coordinator):
    project = ProjectFactory.create(created_by=coordinator, title_ka="სასაზღვრო პროექტი")
    BudgetLine.objects.create(project=project, amount=Decimal("100"), currency="EUR")
    BudgetLine.objects.create(project=project, amount=Decimal("50.5"), currency="EUR")
    return project


@pytest.fixture
def obligation(project, make_obligation):
    return make_obligation(
        project=project, kind="audit", description="აუდიტი", due_date=datetime.date(2027, 3, 31)
    )


def test_projects_are_readable_with_budget_totals(project, viewer) -> None:
    response = client_for(viewer).get("/api/projects/")
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["title_ka"] == "სასაზღვრო პროექტი" and row["budget_totals"] == {"EUR": "150.50"}
    assert client_for(viewer).post("/api/projects/", {"title_ka": "x"}).status_code == 403


def test_coordinator_records_an_obligation_and_others_may_not(
    project, unit, coordinator, focal_point
) -> None:
    payload = {
        "project": project.pk,
        "kind": "audit",
        "description": "აუდიტი",
        "responsible_unit": unit.pk,
        "due_date": "2027-01-31",
        "recurrence": "monthly",
    }
    assert client_for(focal_point).post("/api/obligations/", payload).status_code == 403
    response = client_for(coordinator).post("/api/obligations/", payload)
    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "open" and response.json()["next_escalation_at"]
    bad = client_for(coordinator).post(
        "/api/obligations/", payload | {"recurrence": "every_n_days"}
    )
    assert bad.status_code == 400
    assert Obligation.objects.count() == 1


def test_obligation_moves_over_the_api(
    obligation, focal_point, coordinator, other_unit_focal_point
) -> None:
    url = f"/api/obligations/{obligation.pk}"
    names = [t["name"] for t in client_for(focal_point).get(f"{url}/transitions/").json()]
    assert names == ["submit"]
    assert (
        client_for(other_unit_focal_point)
        .post(f"{url}/transitions/submit/", {"report": "x"})
        .status_code
        == 403
    )
    assert (
        client_for(focal_point).post(f"{url}/transitions/submit/", {"report": ""}).status_code
        == 400
    )
    assert (
        client_for(focal_point)
        .post(f"{url}/transitions/submit/", {"report": "ანგარიში"})
        .json()["state"]
        == "submitted"
    )
    assert (
        client_for(coordinator).post(f"{url}/transitions/submit/", {"report": "x"}).status_code
        == 409
    )
    assert client_for(coordinator).post(f"{url}/transitions/nonsense/").status_code == 404
    assert client_for(coordinator).post(f"{url}/transitions/accept/").json()["state"] == "accepted"
    history = client_for(coordinator).get(f"{url}/history/").json()
    assert [h["transition"] for h in history] == ["submit", "accept"]


def test_obligations_filter_overdue(obligation, project, make_obligation, viewer) -> None:
    late = make_obligation(
        project=project, description="ვადაგადაცილებული", due_date=datetime.date(2020, 1, 1)
    )
    ids = [
        row["id"]
        for row in client_for(viewer).get("/api/obligations/?overdue=true").json()["results"]
    ]
    assert ids == [late.pk]


def test_a_part_given_in_a_patch_must_be_whole(coordinator) -> None:
    from tests.factories import ProjectFactory

    project = ProjectFactory.create(created_by=coordinator)
    api = client_for(coordinator)
    response = api.patch(
        f"/api/projects/{project.pk}/",
        {"results": [{"description": "no title", "indicators": []}]},
        format="json",
    )
    assert response.status_code == 400
    assert "results" in response.json()["errors"]


def test_a_list_of_ids_must_be_a_list(coordinator) -> None:
    from tests.factories import ProjectFactory

    project = ProjectFactory.create(created_by=coordinator)
    api = client_for(coordinator)
    response = api.patch(f"/api/projects/{project.pk}/", {"target_areas": {}}, format="json")
    assert response.status_code == 400 and "target_areas" in response.json()["errors"]
    flag = api.patch(f"/api/projects/{project.pk}/", {"is_public": "true"}, format="json")
    assert flag.status_code == 400 and "is_public" in flag.json()["errors"]
