"""Commitments over HTTP: the register, its status reports, and obligations owed under a
commitment instead of a project."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from commitments.models import Commitment, IndicatorValue
from projects.models import Obligation
from projects.services.obligations import obligation_transition
from tests.conftest import client_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(make_commitment) -> Commitment:
    return make_commitment()


def _body(framework, unit) -> dict[str, object]:
    return {
        "framework": framework.pk,
        "reference": "ANP 2.3",
        "text_ka": "მიგრაციის მართვის გაძლიერება",
        "responsible_unit": unit.pk,
        "reporting": "semi_annual",
        "indicators": [{"name": "ტრენინგები", "measure": "number", "target": "12.00"}],
    }


class TestRegister:
    def test_everyone_signed_in_reads_and_filters(
        self, commitment, make_commitment, other_unit, viewer, api
    ) -> None:
        make_commitment(reference="სხვა", responsible_unit=other_unit, status="off_track")
        assert api.get("/api/commitments/").status_code in (401, 403)
        rows = client_for(viewer).get("/api/commitments/").json()["results"]
        assert len(rows) == 2
        off = client_for(viewer).get("/api/commitments/?status=off_track").json()["results"]
        assert [row["reference"] for row in off] == ["სხვა"]
        mine = client_for(viewer).get(f"/api/commitments/?unit={other_unit.pk}").json()
        assert [row["reference"] for row in mine["results"]] == ["სხვა"]
        framework = client_for(viewer).get(f"/api/commitments/?framework={commitment.framework_id}")
        assert len(framework.json()["results"]) == 2

    def test_retrieve_has_indicators_with_their_latest_actual(
        self, commitment, focal_point, viewer
    ) -> None:
        share = commitment.indicators.first()
        for day, value in ((datetime.date(2026, 3, 31), 25), (datetime.date(2026, 6, 30), 30)):
            IndicatorValue.objects.create(
                indicator=share, period_end=day, value=value, reported_by=focal_point
            )
        response = client_for(viewer).get(f"/api/commitments/{commitment.pk}/")
        assert response.status_code == 200 and response["ETag"] == f'"{commitment.version}"'
        first = response.json()["indicators"][0]
        assert first["latest_actual"]["period_end"] == "2026-06-30"
        assert first["latest_actual"]["reported_by"] == focal_point.display_name
        assert first["expected_today"] is not None and isinstance(first["lags"], bool)

    def test_the_department_creates_and_edits_with_version_checks(
        self, framework, unit, coordinator
    ) -> None:
        client = client_for(coordinator)
        created = client.post("/api/commitments/", _body(framework, unit), format="json")
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        commitment = Commitment.objects.get(pk=pk)
        assert Obligation.objects.get(commitment=commitment).recurrence == "semi_annual"
        indicator = created.json()["indicators"][0]["id"]
        edited = client.patch(
            f"/api/commitments/{pk}/",
            {"indicators": [{"id": indicator, "name": "ტრენინგები", "target": "15.00"}]},
            format="json",
            HTTP_IF_MATCH='"1"',
        )
        assert edited.status_code == 200, edited.json()
        assert edited.json()["indicators"][0]["target"] == "15.00"
        assert edited.json()["indicators"][0]["id"] == indicator
        stale = client.patch(
            f"/api/commitments/{pk}/", {"text_en": "x"}, format="json", HTTP_IF_MATCH='"1"'
        )
        assert stale.status_code == 412
        edits = client.get(f"/api/commitments/{pk}/edits/").json()
        assert "indicators" in edits[0]["changes"]

    @pytest.mark.parametrize("who", ["focal_point", "minister", "viewer"])
    def test_others_may_not_write(self, who, request, framework, unit, commitment) -> None:
        client = client_for(request.getfixturevalue(who))
        assert client.post("/api/commitments/", {}, format="json").status_code == 403
        assert (
            client.patch(f"/api/commitments/{commitment.pk}/", {}, format="json").status_code == 403
        )


class TestReports:
    def test_hand_in_then_read_with_the_decision(self, commitment, focal_point, coordinator):
        share, approved = commitment.indicators.all()
        url = f"/api/commitments/{commitment.pk}/reports/"
        response = client_for(focal_point).post(
            url,
            {
                "report": "გეგმა მიღებულია",
                "assessment": "on_track",
                "values": [
                    {"indicator": share.pk, "value": "40.5"},
                    {"indicator": approved.pk, "value": "yes"},
                ],
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["assessment"] == "on_track" and body["decision"] is None
        assert body["due_date"] == "2026-12-31"
        assert [v["value"] for v in body["values"]] == ["40.5", "1"]

        obligation = Obligation.objects.get(commitment=commitment)
        obligation_transition(obligation=obligation, user=coordinator, name="accept")
        (read,) = client_for(focal_point).get(url).json()
        assert read["decision"]["transition"] == "accept"
        assert read["decision"]["by"] == coordinator.display_name
        commitment.refresh_from_db()
        assert commitment.status == "on_track"

    def test_refusals(self, commitment, other_unit_focal_point, focal_point) -> None:
        url = f"/api/commitments/{commitment.pk}/reports/"
        assert client_for(other_unit_focal_point).post(url, {}, format="json").status_code == 403
        missing = client_for(focal_point).post(url, {"report": "", "assessment": ""}, format="json")
        assert missing.status_code == 400
        assert len(missing.json()["messages"]) == 2
        stale = client_for(focal_point).post(
            url, {"report": "x", "assessment": "done"}, format="json", HTTP_IF_MATCH='"99"'
        )
        assert stale.status_code == 412
        ok = client_for(focal_point).post(url, {"report": "x", "assessment": "done"}, format="json")
        assert ok.status_code == 201
        again = client_for(focal_point).post(
            url, {"report": "x", "assessment": "done"}, format="json"
        )
        assert again.status_code == 409
        assert client_for(focal_point).get("/api/commitments/999999/reports/").status_code == 404


class TestObligationsOwedUnderACommitment:
    def _payload(self, unit, **owed_under):
        return {
            "kind": "national_report",
            "description": "ეროვნული ანგარიში CAT-ისთვის",
            "responsible_unit": unit.pk,
            "due_date": "2027-05-31",
            **owed_under,
        }

    def test_an_obligation_of_a_commitment(self, commitment, unit, coordinator) -> None:
        response = client_for(coordinator).post(
            "/api/obligations/", self._payload(unit, commitment=commitment.pk), format="json"
        )
        assert response.status_code == 201, response.json()
        assert response.json()["commitment"] == commitment.pk
        assert response.json()["project"] is None
        listed = client_for(coordinator).get("/api/obligations/").json()["results"]
        assert {row["commitment"] for row in listed} == {commitment.pk}

    def test_exactly_one_of_project_and_commitment(self, commitment, unit, coordinator) -> None:
        project = ProjectFactory.create(created_by=coordinator)
        client = client_for(coordinator)
        with translation.override("ka"):
            neither = client.post(
                "/api/obligations/", self._payload(unit), format="json", HTTP_ACCEPT_LANGUAGE="ka"
            )
        both = client.post(
            "/api/obligations/",
            self._payload(unit, project=project.pk, commitment=commitment.pk),
            format="json",
        )
        assert neither.status_code == both.status_code == 400
        assert neither.json()["messages"] and both.json()["messages"]
        assert Obligation.objects.filter(kind="national_report").count() == 0

    def test_status_reports_are_not_recorded_by_hand(self, commitment, unit, coordinator) -> None:
        response = client_for(coordinator).post(
            "/api/obligations/",
            self._payload(unit, commitment=commitment.pk) | {"kind": "status_report"},
            format="json",
        )
        assert response.status_code == 400
        assert Obligation.objects.filter(commitment=commitment).count() == 1
