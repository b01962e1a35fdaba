"""The action plans over HTTP: read by everyone signed in; plans, sections and activities
written by who keeps the plan; a quarter's status posted by the responsible unit's focal point
(201 new, 200 a correction); next year's copy; 403 before 400."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from actionplans.models import ActionPlan, ActivityReport
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

APRIL = datetime.datetime(2027, 4, 20, 10, tzinfo=datetime.UTC)


def test_everyone_signed_in_reads_the_plans_and_their_activities(plan, viewer) -> None:
    assert client_for(None).get("/api/action-plans/").status_code in (401, 403)
    client = client_for(viewer)
    listed = client.get("/api/action-plans/?year=2027").json()
    assert [row["id"] for row in listed["results"]] == [plan.pk]
    assert [s["number"] for s in listed["results"][0]["sections"]] == ["1.1", "1.2"]
    assert client.get("/api/action-plans/?year=2026").json()["results"] == []
    activities = client.get(f"/api/action-plans/{plan.pk}/activities/").json()
    assert [a["number"] for a in activities] == ["1.1.1", "1.2.1"]
    assert activities[1]["target"] == "5.00" and activities[0]["reports"] == []


def test_a_focal_point_creates_their_units_plan_and_fills_it(focal_point, unit) -> None:
    client = client_for(focal_point)
    made = client.post("/api/action-plans/", {"year": 2027, "unit": unit.pk}, format="json")
    assert made.status_code == 201, made.json()
    plan_id = made.json()["id"]
    section = client.post(
        f"/api/action-plans/{plan_id}/sections/",
        {"number": "1.", "title": "ნაწილი"},
        format="json",
    )
    assert section.status_code == 201 and section.json()["number"] == "1"
    body = {
        "section": section.json()["id"],
        "number": "1.1",
        "text": "საქმიანობა",
        "indicator": "ინდიკატორი",
        "target": "10.00",
        "deadline": "2027-12-31",
        "responsible_unit": unit.pk,
    }
    added = client.post(f"/api/action-plans/{plan_id}/activities/", body, format="json")
    assert added.status_code == 201, added.json()
    assert added.json()["number"] == "1.1" and added.json()["finished"] is False
    wrong = client.post(
        f"/api/action-plans/{plan_id}/activities/", body | {"number": "2.1"}, format="json"
    )
    assert wrong.status_code == 400


def test_who_does_not_keep_the_plan_is_refused_before_the_body_is_read(
    plan, viewer, focal_point, unit
) -> None:
    assert client_for(viewer).post("/api/action-plans/", {}, format="json").status_code == 403
    # The department's plan is not the focal point's to fill.
    client = client_for(focal_point)
    assert (
        client.post(f"/api/action-plans/{plan.pk}/activities/", {}, format="json").status_code
        == 403
    )
    assert (
        client.post(f"/api/action-plans/{plan.pk}/sections/", {}, format="json").status_code == 403
    )
    assert client.post(f"/api/action-plans/{plan.pk}/copy/").status_code == 403
    other_unit_plan = client.post("/api/action-plans/", {"year": 2027, "unit": None}, format="json")
    assert other_unit_plan.status_code == 403


def test_the_responsible_units_focal_point_posts_and_corrects_a_quarter(
    plan, activity, focal_point, coordinator
) -> None:
    url = f"/api/action-plans/{plan.pk}/activities/{activity.pk}/reports/"
    body = {"quarter": 1, "status": "in_progress", "progress": "დაიწყო"}
    with time_machine.travel(APRIL, tick=False):
        assert client_for(coordinator).post(url, {}, format="json").status_code == 403
        client = client_for(focal_point)
        first = client.post(url, body, format="json")
        assert first.status_code == 201, first.json()
        second = client.post(url, body | {"status": "done", "actual": "3.00"}, format="json")
        assert second.status_code == 200 and second.json()["version"] == 2
        assert client.post(url, body | {"quarter": 4}, format="json").status_code == 400
        assert client.post(url, body | {"quarter": "1"}, format="json").status_code == 400
    assert ActivityReport.objects.get().status == "done"
    listed = client_for(coordinator).get(url).json()
    assert [(r["quarter"], r["status"]) for r in listed] == [(1, "done")]
    other_plan = ActionPlan.objects.create(year=2030, title="x", created_by=coordinator)
    wrong_plan = f"/api/action-plans/{other_plan.pk}/activities/{activity.pk}/reports/"
    assert client_for(focal_point).get(wrong_plan).status_code == 404


def test_the_department_copies_a_plan_to_next_year_once(plan, coordinator) -> None:
    client = client_for(coordinator)
    copied = client.post(f"/api/action-plans/{plan.pk}/copy/")
    assert copied.status_code == 201
    assert (copied.json()["year"], copied.json()["copied_from"]) == (2028, plan.pk)
    assert client.post(f"/api/action-plans/{plan.pk}/copy/").status_code == 400


def test_an_edit_answers_a_stale_version_with_412(plan, coordinator) -> None:
    client = client_for(coordinator)
    response = client.patch(
        f"/api/action-plans/{plan.pk}/", {"title": "ახალი"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = client.patch(
        f"/api/action-plans/{plan.pk}/", {"title": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    edits = client.get(f"/api/action-plans/{plan.pk}/edits/").json()
    assert edits[0]["changes"]["title"][1] == "ახალი"
