"""The action plans over HTTP: read by everyone signed in; plans, sections and activities
written and corrected by who keeps the plan (If-Match, 412 when stale); a quarter's status
posted by the responsible unit's focal point (201 new, 200 a correction, 412 a correction of
a report saved meanwhile); next year's copy; 403 before 412 before 400."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from actionplans.api.serializers import ActivitySerializer
from actionplans.models import ActionPlan, Activity, ActivityReport, PlanSection
from actionplans.services import activity_report, activity_update
from tests.conditional_writes import assert_conditional_writes, while_the_request_runs
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


# --- Correcting sections and activities --------------------------------------------------------


def test_an_activity_is_corrected_only_on_the_version_last_read(plan, activity, coordinator):
    url = f"/api/action-plans/{plan.pk}/activities/{activity.pk}/"
    answer = assert_conditional_writes(
        client_for(coordinator), url, {"indicator": "კითხვარი შემუშავებულია"}
    )
    assert (answer["number"], answer["indicator"]) == ("1.1.1", "კითხვარი შემუშავებულია")
    assert activity.edits.get().changes == {
        "indicator": ["საინფორმაციო პაკეტი შემუშავებულია", "კითხვარი შემუშავებულია"]
    }


def test_a_section_is_renumbered_only_on_the_version_last_read_and_its_activities_with_it(
    plan, activity, coordinator
) -> None:
    section = activity.section
    url = f"/api/action-plans/{plan.pk}/sections/{section.pk}/"
    answer = assert_conditional_writes(client_for(coordinator), url, {"number": "1.3."})
    assert (answer["number"], answer["title"]) == ("1.3", "დონორული დახმარება")
    activity.refresh_from_db()
    assert (activity.number, activity.version) == ("1.3.1", 2)
    assert plan.edits.get().changes == {
        "ნაწილი 1.1": ["1.1 დონორული დახმარება", "1.3 დონორული დახმარება"]
    }
    listed = client_for(coordinator).get(f"/api/action-plans/{plan.pk}/").json()
    assert [(s["number"], s["version"]) for s in listed["sections"]] == [("1.2", 1), ("1.3", 2)]


def test_an_activity_corrected_meanwhile_is_refused_under_the_lock_with_what_is_stored(
    plan, activity, coordinator, monkeypatch
) -> None:
    """Someone saves after the view checked If-Match and before the service writes: the
    service's own check refuses, and the answer carries the activity, not the plan."""

    def meanwhile() -> None:
        activity_update(
            activity=Activity.objects.get(pk=activity.pk),
            user=coordinator,
            fields={"comments": "სხვისი შენიშვნა"},
        )

    while_the_request_runs(monkeypatch, ActivitySerializer, meanwhile)
    response = client_for(coordinator).patch(
        f"/api/action-plans/{plan.pk}/activities/{activity.pk}/",
        {"comments": "ჩემი შენიშვნა"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 412, response.content
    refusal = response.json()
    assert (refusal["version"], response["ETag"]) == (2, '"2"')
    assert (refusal["current"]["id"], refusal["current"]["comments"]) == (
        activity.pk,
        "სხვისი შენიშვნა",
    )
    assert Activity.objects.get(pk=activity.pk).comments == "სხვისი შენიშვნა"


def test_an_activity_patch_changes_only_what_it_names_and_its_links(
    plan, activity, coordinator, other_unit
) -> None:
    url = f"/api/action-plans/{plan.pk}/activities/{activity.pk}/"
    client = client_for(coordinator)
    moved = client.patch(url, {"responsible_unit": other_unit.pk, "needs": []}, format="json")
    assert moved.status_code == 200, moved.content
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.responsible_unit_id, stored.text, stored.version) == (
        other_unit.pk,
        "საჭიროებების იდენტიფიცირება",
        2,
    )
    assert moved["ETag"] == '"2"'
    # A number must sit under the activity's section; a section of another plan is none.
    assert client.patch(url, {"number": "1.2.7"}, format="json").status_code == 400
    other = ActionPlan.objects.create(year=2030, title="x", created_by=coordinator)
    foreign = PlanSection.objects.create(plan=other, number="1.1", title="უცხო")
    assert client.patch(url, {"section": foreign.pk}, format="json").status_code == 400
    assert Activity.objects.get(pk=activity.pk).version == 2


def test_who_does_not_keep_the_plan_may_not_correct_it_whatever_the_body_or_version(
    plan, activity, focal_point, viewer
) -> None:
    section_url = f"/api/action-plans/{plan.pk}/sections/{activity.section_id}/"
    activity_url = f"/api/action-plans/{plan.pk}/activities/{activity.pk}/"
    for who in (focal_point, viewer):  # the department's plan is the coordinators' to keep
        client = client_for(who)
        for url in (section_url, activity_url):
            assert client.get(url).status_code == 200
            refused = client.patch(url, {"number": "x"}, format="json", HTTP_IF_MATCH='"9"')
            assert refused.status_code == 403, refused.content
    assert client_for(None).patch(activity_url, {}, format="json").status_code == 401
    assert Activity.objects.get(pk=activity.pk).version == 1
    assert PlanSection.objects.get(pk=activity.section_id).version == 1


def test_sections_and_activities_are_found_only_under_their_own_plan_and_never_deleted(
    plan, activity, coordinator
) -> None:
    client = client_for(coordinator)
    other = ActionPlan.objects.create(year=2030, title="x", created_by=coordinator)
    assert client.get(f"/api/action-plans/{other.pk}/activities/{activity.pk}/").status_code == 404
    assert (
        client.patch(
            f"/api/action-plans/{other.pk}/sections/{activity.section_id}/",
            {"title": "x"},
            format="json",
        ).status_code
        == 404
    )
    for url in (
        f"/api/action-plans/{plan.pk}/activities/{activity.pk}/",
        f"/api/action-plans/{plan.pk}/sections/{activity.section_id}/",
    ):
        assert client.delete(url).status_code == 405
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_a_section_number_the_plan_already_has_is_refused(plan, activity, coordinator) -> None:
    url = f"/api/action-plans/{plan.pk}/sections/{activity.section_id}/"
    taken = client_for(coordinator).patch(url, {"number": "1.2"}, format="json")
    assert taken.status_code == 400
    assert "1.2" in taken.json()["detail"]
    assert PlanSection.objects.get(pk=activity.section_id).number == "1.1"


# --- Correcting a quarter's status ----------------------------------------------------------------


def test_a_quarter_corrected_meanwhile_is_refused_with_the_report_stored_now(
    plan, activity, focal_point
) -> None:
    url = f"/api/action-plans/{plan.pk}/activities/{activity.pk}/reports/"
    body = {"quarter": 1, "status": "in_progress", "progress": "დაიწყო"}
    client = client_for(focal_point)
    with time_machine.travel(APRIL, tick=False):
        first = client.post(url, body, format="json")
        assert (first.status_code, first["ETag"]) == (201, '"1"')
        # Someone else of the unit corrects the quarter while this person's copy says version 1.
        activity_report(
            activity=activity, user=focal_point, quarter=1, status="delayed", progress="შეფერხდა"
        )
        stale = client.post(url, body | {"status": "done"}, format="json", HTTP_IF_MATCH='"1"')
        assert stale.status_code == 412, stale.content
        refusal = stale.json()
        assert (refusal["version"], stale["ETag"]) == (2, '"2"')
        assert (refusal["current"]["quarter"], refusal["current"]["status"]) == (1, "delayed")
        assert ActivityReport.objects.get().status == "delayed"
        fresh = client.post(url, body | {"status": "done"}, format="json", HTTP_IF_MATCH='"2"')
        assert (fresh.status_code, fresh.json()["version"], fresh["ETag"]) == (200, 3, '"3"')
    assert ActivityReport.objects.get().status == "done"


def test_if_match_0_reports_a_quarter_only_if_no_one_has_meanwhile(
    plan, activity, focal_point
) -> None:
    url = f"/api/action-plans/{plan.pk}/activities/{activity.pk}/reports/"
    body = {"quarter": 1, "status": "in_progress", "progress": "დაიწყო"}
    client = client_for(focal_point)
    with time_machine.travel(APRIL, tick=False):
        assert client.post(url, body, format="json", HTTP_IF_MATCH='"0"').status_code == 201
        again = client.post(url, body | {"progress": "x"}, format="json", HTTP_IF_MATCH='"0"')
        assert (again.status_code, again.json()["version"]) == (412, 1)
        assert again.json()["current"]["progress"] == "დაიწყო"
        # A version named for a quarter not reported yet names a report that is not there.
        unseen = client.post(url, body | {"quarter": 2}, format="json", HTTP_IF_MATCH='"1"')
        assert (unseen.status_code, unseen.json()["version"]) == (412, 0)
        assert "current" not in unseen.json()
    assert list(ActivityReport.objects.values_list("quarter", "progress")) == [(1, "დაიწყო")]


def test_a_report_is_refused_to_who_does_not_report_before_its_version_is_judged(
    plan, activity, coordinator
) -> None:
    url = f"/api/action-plans/{plan.pk}/activities/{activity.pk}/reports/"
    with time_machine.travel(APRIL, tick=False):
        refused = client_for(coordinator).post(
            url, {"quarter": 1}, format="json", HTTP_IF_MATCH='"5"'
        )
    assert refused.status_code == 403


def test_an_id_no_row_can_have_is_not_found(plan, activity, coordinator) -> None:
    client = client_for(coordinator)
    huge = str(2**70)
    for url in (
        f"/api/action-plans/{plan.pk}/activities/{huge}/",
        f"/api/action-plans/{plan.pk}/sections/{huge}/",
        f"/api/action-plans/{plan.pk}/activities/{huge}/reports/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.patch(url, {}, format="json").status_code in (404, 405), url
