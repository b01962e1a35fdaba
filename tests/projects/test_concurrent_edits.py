"""Projects and obligations: a write changes only what it names, the history says exactly what
changed, and ETag / If-Match make a write conditional."""

from __future__ import annotations

import datetime

import pytest

from core.errors import VersionConflict
from projects.api.serializers import ProjectSerializer
from projects.models import Obligation, ObligationEdit, Project, ProjectEdit
from projects.services.obligations import obligation_transition, obligation_update
from projects.services.projects import project_create, project_update
from tests.conditional_writes import assert_conditional_writes, while_the_request_runs
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(coordinator):
    return project_create(
        user=coordinator, fields={"title_ka": "საწყისი", "status": "2", "goal": "საწყისი მიზანი"}
    )


def test_a_project_patch_does_not_revert_a_field_saved_meanwhile(
    project, coordinator, monkeypatch
) -> None:
    def meanwhile() -> None:
        project_update(
            project=Project.objects.get(pk=project.pk),
            user=coordinator,
            fields={"title_ka": "სხვისი"},
        )

    while_the_request_runs(monkeypatch, ProjectSerializer, meanwhile)
    response = client_for(coordinator).patch(
        f"/api/projects/{project.pk}/", {"goal": "ახალი მიზანი"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response["ETag"] == '"3"'
    stored = Project.objects.get(pk=project.pk)
    assert (stored.title_ka, stored.goal, stored.version) == ("სხვისი", "ახალი მიზანი", 3)
    assert [e.changes for e in ProjectEdit.objects.order_by("id")] == [
        {"title_ka": ["საწყისი", "სხვისი"]},
        {"goal": ["საწყისი მიზანი", "ახალი მიზანი"]},
    ]


def test_project_etag_and_if_match(project, coordinator) -> None:
    answer = assert_conditional_writes(
        client_for(coordinator), f"/api/projects/{project.pk}/", {"title_ka": "ახალი"}
    )
    assert answer["title_ka"] == "ახალი"
    assert ProjectEdit.objects.get().changes == {"title_ka": ["საწყისი", "ახალი"]}


def test_a_change_of_parts_alone_is_an_edit_with_a_version(project, coordinator) -> None:
    project_update(
        project=project,
        user=coordinator,
        fields={},
        parts={"sectors": [{"code": "15210", "percentage": None}]},
        expected_version=1,
    )
    assert Project.objects.get(pk=project.pk).version == 2
    assert list(ProjectEdit.objects.get().changes) == ["sectors"]


def test_an_obligation_correction_from_an_old_copy_keeps_a_change_made_meanwhile(
    make_obligation, coordinator
) -> None:
    obligation = make_obligation(description="საწყისი")
    old_copy = Obligation.objects.get(pk=obligation.pk)
    obligation_update(
        obligation=Obligation.objects.get(pk=obligation.pk),
        user=coordinator,
        fields={"description": "სხვისი"},
    )
    obligation_update(
        obligation=old_copy, user=coordinator, fields={"due_date": datetime.date(2027, 2, 28)}
    )

    stored = Obligation.objects.get(pk=obligation.pk)
    assert (stored.description, stored.due_date, stored.version) == (
        "სხვისი",
        datetime.date(2027, 2, 28),
        3,
    )
    assert stored.anchor_day == 28  # a new due date restarts the series' day of month
    assert [e.changes for e in ObligationEdit.objects.order_by("id")] == [
        {"description": ["საწყისი", "სხვისი"]},
        {"due_date": ["2027-01-31", "2027-02-28"]},
    ]
    with pytest.raises(VersionConflict):
        obligation_update(
            obligation=stored, user=coordinator, fields={"description": "ა"}, expected_version=2
        )


def test_obligation_moves_honour_if_match_and_answer_with_the_etag(
    make_obligation, coordinator, focal_point
) -> None:
    obligation = make_obligation()
    read = client_for(coordinator).get(f"/api/obligations/{obligation.pk}/")
    assert read["ETag"] == '"1"'
    url = f"/api/obligations/{obligation.pk}/transitions/submit/"
    body = {"report": "ანგარიში"}
    stale = client_for(focal_point).post(url, body, format="json", HTTP_IF_MATCH='"9"')
    assert stale.status_code == 412 and stale.json()["current"]["state"] == "open"
    moved = client_for(focal_point).post(url, body, format="json", HTTP_IF_MATCH='"1"')
    assert moved.status_code == 200 and moved["ETag"] == '"2"'
    with pytest.raises(VersionConflict):
        obligation_transition(
            obligation=obligation, user=coordinator, name="accept", expected_version=1
        )


@pytest.mark.parametrize("method", ["put", "patch"])
def test_obligations_change_only_by_transitions_so_put_and_patch_are_not_allowed(
    method, make_obligation, coordinator
) -> None:
    obligation = make_obligation()
    call = getattr(client_for(coordinator), method)
    response = call(f"/api/obligations/{obligation.pk}/", {"description": "x"}, format="json")
    assert response.status_code == 405


def test_the_schema_offers_no_put_or_patch_of_an_obligation(coordinator) -> None:
    import yaml

    schema = yaml.safe_load(client_for(coordinator).get("/api/schema/").content)
    assert set(schema["paths"]["/api/obligations/{id}/"]) == {"get"}
