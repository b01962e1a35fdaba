"""The REST contract of the opportunity register."""

from __future__ import annotations

import datetime

import pytest

from tests.conftest import client_for
from tests.factories import DonorFactory, MeetingFactory
from workflow.models import AgendaItem, Opportunity, OpportunityEdit


def _create_payload(unit, donor, **extra):
    return {
        "title": "კიბერუსაფრთხოების ტრენინგი",
        "kind": "training",
        "donor": donor.pk,
        "owning_unit": unit.pk,
        "estimated_value": "45000.00",
        "currency": "EUR",
        "application_deadline": "2027-01-15",
        "expected_results": "30 გადამზადებული გამომძიებელი",
        "kpis": [{"name": "გადამზადებული პირები", "unit": "პირი", "baseline": "0", "target": "30"}],
        **extra,
    }


class TestToken:
    def test_token_for_valid_credentials(self, api, focal_point) -> None:
        response = api.post("/api/auth/token/", {"username": "focal", "password": "pass-1234"})
        assert response.status_code == 200
        token = response.json()["token"]
        listing = api.get("/api/opportunities/", HTTP_AUTHORIZATION=f"Token {token}")
        assert listing.status_code == 200

    def test_wrong_password_is_a_json_error(self, api, focal_point) -> None:
        response = api.post("/api/auth/token/", {"username": "focal", "password": "wrong"})
        assert response.status_code == 400
        assert response.json()["messages"]

    def test_session_authentication_works_too(self, focal_point) -> None:
        from django.test import Client

        client = Client()
        signed_in = client.post("/login/", {"username": "focal", "password": "pass-1234"})
        assert signed_in.status_code == 302
        assert client.get("/api/opportunities/").status_code == 200


class TestCreateAndEdit:
    def test_focal_point_creates_with_kpis(self, focal_point, unit, donor) -> None:
        response = client_for(focal_point).post(
            "/api/opportunities/", _create_payload(unit, donor), format="json"
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["reference"].startswith(f"OPP-{datetime.date.today().year}-")
        assert body["state"] == "identified"
        assert body["kpis"] == [
            {
                "name": "გადამზადებული პირები",
                "unit": "პირი",
                "baseline": "0.00",
                "target": "30.00",
                "serves": None,
            }
        ]
        assert body["owning_unit_name"] == unit.name_ka

    def test_create_for_another_unit_is_forbidden(self, focal_point, other_unit, donor) -> None:
        response = client_for(focal_point).post(
            "/api/opportunities/", _create_payload(other_unit, donor), format="json"
        )
        assert response.status_code == 403
        assert not Opportunity.objects.exists()

    def test_bad_input_lists_every_problem(self, focal_point, unit, donor) -> None:
        payload = _create_payload(
            unit, donor, kind="lottery", currency="ZZZ", application_deadline="15/01/2027"
        )
        response = client_for(focal_point).post("/api/opportunities/", payload, format="json")
        assert response.status_code == 400
        body = response.json()
        assert set(body["errors"]) == {"kind", "currency", "application_deadline"}
        assert len(body["messages"]) == 3

    def test_state_cannot_be_written(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity()
        response = client_for(focal_point).patch(
            f"/api/opportunities/{opportunity.pk}/", {"state": "approved"}, format="json"
        )
        assert response.status_code == 200
        opportunity.refresh_from_db()
        assert opportunity.state == "identified"

    def test_patch_records_history(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(title="ძველი")
        client = client_for(focal_point)
        response = client.patch(
            f"/api/opportunities/{opportunity.pk}/", {"title": "ახალი"}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["title"] == "ახალი"
        edits = client.get(f"/api/opportunities/{opportunity.pk}/edits/").json()
        assert [(e["actor"], e["changes"]) for e in edits] == [
            ("focal", {"title": ["ძველი", "ახალი"]})
        ]
        assert OpportunityEdit.objects.count() == 1

    def test_patch_of_kpis_is_returned_and_recorded(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity()
        kpis = [
            {"name": "აღჭურვილი პოსტები", "unit": "პოსტი", "baseline": "2.00", "target": "12.00"}
        ]
        response = client_for(focal_point).patch(
            f"/api/opportunities/{opportunity.pk}/", {"kpis": kpis}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["kpis"] == [kpi | {"serves": None} for kpi in kpis]
        old, new = OpportunityEdit.objects.get().changes["kpis"]
        assert [k["name"] for k in old] == ["გადამზადებული პირები"]
        assert [k["name"] for k in new] == ["აღჭურვილი პოსტები"]

    def test_patch_after_presentation_is_a_conflict(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(state="presented")
        response = client_for(focal_point).patch(
            f"/api/opportunities/{opportunity.pk}/", {"title": "x"}, format="json"
        )
        assert response.status_code == 409

    def test_put_and_delete_are_not_offered(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity()
        client = client_for(coordinator)
        assert client.delete(f"/api/opportunities/{opportunity.pk}/").status_code == 405
        assert (
            client.put(f"/api/opportunities/{opportunity.pk}/", {}, format="json").status_code
            == 405
        )


class TestListing:
    @pytest.fixture
    def register(self, make_opportunity, other_unit):
        sida = DonorFactory.create(code="sida", name_ka="სიდა", name_en="Sida")
        return {
            "a": make_opportunity(
                title="ალფა ტრენინგი",
                kind="training",
                application_deadline=datetime.date(2026, 12, 1),
            ),
            "b": make_opportunity(
                title="ბეტა გრანტი",
                state="presented",
                donor=sida,
                application_deadline=datetime.date(2027, 2, 1),
            ),
            "c": make_opportunity(
                title="გამა აღჭურვილობა", kind="equipment", owning_unit=other_unit, state="approved"
            ),
        }

    def _titles(self, user, query: str) -> list[str]:
        response = client_for(user).get(f"/api/opportunities/?{query}")
        assert response.status_code == 200, response.json()
        return [row["title"] for row in response.json()["results"]]

    def test_filters(self, viewer, register, other_unit) -> None:
        b, c = register["b"], register["c"]
        assert self._titles(viewer, "state=presented&state=approved&ordering=title") == [
            b.title,
            c.title,
        ]
        assert self._titles(viewer, f"owning_unit={other_unit.pk}") == [c.title]
        assert self._titles(viewer, f"donor={b.donor_id}") == [b.title]
        assert self._titles(viewer, "kind=equipment") == [c.title]
        assert self._titles(viewer, "deadline_after=2026-11-30&deadline_before=2026-12-31") == [
            register["a"].title
        ]

    def test_search_and_ordering(self, viewer, register) -> None:
        assert self._titles(viewer, "search=ბეტა") == ["ბეტა გრანტი"]
        assert self._titles(viewer, "search=სიდა") == ["ბეტა გრანტი"]
        assert self._titles(viewer, "ordering=-application_deadline") == [
            "ბეტა გრანტი",
            "ალფა ტრენინგი",
            "გამა აღჭურვილობა",
        ]

    def test_pagination(self, viewer, register) -> None:
        body = client_for(viewer).get("/api/opportunities/?page_size=2&ordering=title").json()
        assert body["count"] == 3
        assert len(body["results"]) == 2
        assert body["next"]

    def test_bad_filter_value_is_a_clear_400(self, viewer, register) -> None:
        response = client_for(viewer).get("/api/opportunities/?state=lost")
        assert response.status_code == 400
        assert "state" in response.json()["errors"]

    def test_query_count_does_not_grow_with_rows(
        self, viewer, make_opportunity, django_assert_max_num_queries
    ) -> None:
        for _ in range(15):
            make_opportunity()
        with django_assert_max_num_queries(8):
            response = client_for(viewer).get("/api/opportunities/?page_size=15")
        assert len(response.json()["results"]) == 15


class TestTransitionsEndpoint:
    def test_blocked_transition_lists_what_is_missing(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity(expected_results="", with_kpi=False)
        listing = (
            client_for(coordinator).get(f"/api/opportunities/{opportunity.pk}/transitions/").json()
        )
        present = next(t for t in listing if t["name"] == "present")
        assert present["blocked"] is True
        assert len(present["missing"]) == 2
        withdraw = next(t for t in listing if t["name"] == "withdraw")
        assert (withdraw["blocked"], withdraw["comment_required"]) == (False, True)

    def test_run_returns_updated_opportunity(self, coordinator, make_opportunity) -> None:
        meeting = MeetingFactory.create(created_by=coordinator)
        opportunity = make_opportunity()
        AgendaItem.objects.create(meeting=meeting, opportunity=opportunity)
        response = client_for(coordinator).post(
            f"/api/opportunities/{opportunity.pk}/transitions/present/",
            {"meeting": meeting.pk},
            format="json",
        )
        assert response.status_code == 200
        assert (response.json()["state"], response.json()["presented_at"]) == (
            "presented",
            meeting.pk,
        )

    def test_wrong_state_is_409(self, minister, make_opportunity) -> None:
        opportunity = make_opportunity(state="identified")
        response = client_for(minister).post(
            f"/api/opportunities/{opportunity.pk}/transitions/approve/", {}, format="json"
        )
        assert response.status_code == 409
        assert response.json()["detail"]

    def test_missing_comment_is_400(self, minister, make_opportunity) -> None:
        opportunity = make_opportunity(state="presented")
        response = client_for(minister).post(
            f"/api/opportunities/{opportunity.pk}/transitions/reject/", {}, format="json"
        )
        assert response.status_code == 400
        assert len(response.json()["messages"]) == 1

    def test_guard_failure_is_400_with_each_missing_item(
        self, focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity(state="in_communication")
        response = client_for(focal_point).post(
            f"/api/opportunities/{opportunity.pk}/transitions/start_monitoring/",
            {"confirmed_amount": "1000"},
            format="json",
        )
        assert response.status_code == 400
        assert len(response.json()["messages"]) == 2  # currency and start date

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            ("", "ამ მოქმედებისთვის კომენტარი აუცილებელია."),
            ("ka", "ამ მოქმედებისთვის კომენტარი აუცილებელია."),
            ("en", "A comment is required for this action."),
        ],
    )
    def test_errors_speak_the_requests_language(
        self, minister, make_opportunity, language, expected
    ) -> None:
        opportunity = make_opportunity(state="presented")
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        response = client_for(minister).post(
            f"/api/opportunities/{opportunity.pk}/transitions/reject/", {}, format="json", **headers
        )
        assert response.json() == {"detail": expected, "messages": [expected]}

    def test_framework_messages_are_georgian_too(self, api, make_opportunity, viewer) -> None:
        assert (
            api.get("/api/opportunities/").json()["detail"]
            == "ავტორიზაციის მონაცემები არ არის მითითებული."
        )
        missing = client_for(viewer).get("/api/opportunities/999999/")
        assert (missing.status_code, missing.json()["detail"]) == (404, "ჩანაწერი ვერ მოიძებნა.")
        response = client_for(viewer).get("/api/opportunities/999999/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.json()["detail"] == "The item was not found."

    def test_unknown_transition_is_404(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity()
        response = client_for(coordinator).post(
            f"/api/opportunities/{opportunity.pk}/transitions/publish/", {}, format="json"
        )
        assert response.status_code == 404

    def test_history_endpoint(self, coordinator, minister, make_opportunity) -> None:
        opportunity = make_opportunity()
        client_for(coordinator).post(
            f"/api/opportunities/{opportunity.pk}/transitions/present/", {}, format="json"
        )
        client_for(minister).post(
            f"/api/opportunities/{opportunity.pk}/transitions/reject/",
            {"comment": "არა"},
            format="json",
        )
        history = (
            client_for(coordinator).get(f"/api/opportunities/{opportunity.pk}/history/").json()
        )
        assert [
            (h["transition"], h["from_state"], h["to_state"], h["actor"], h["comment"])
            for h in history
        ] == [
            ("present", "identified", "presented", "coordinator", ""),
            ("reject", "presented", "rejected", "minister", "არა"),
        ]


class TestDirectories:
    @pytest.mark.parametrize(
        ("actor", "status"), [("coordinator", 201), ("focal_point", 403), ("viewer", 403)]
    )
    def test_only_department_writes_donors(self, request, actor, status) -> None:
        response = client_for(request.getfixturevalue(actor)).post(
            "/api/donors/",
            {"code": "osce", "name_ka": "ეუთო", "organisation_type": "40"},
            format="json",
        )
        assert response.status_code == status

    def test_donor_with_unknown_iati_type_is_refused(self, coordinator) -> None:
        response = client_for(coordinator).post(
            "/api/donors/", {"code": "x", "name_ka": "x", "organisation_type": "99"}, format="json"
        )
        assert response.status_code == 400
        assert "organisation_type" in response.json()["errors"]

    def test_units_are_readable_by_all_and_written_by_department(
        self, focal_point, coordinator, unit
    ) -> None:
        assert client_for(focal_point).get("/api/units/").json()["count"] == 1
        payload = {"code": "new", "kind": "agency", "name_ka": "ახალი სააგენტო"}
        assert (
            client_for(focal_point).post("/api/units/", payload, format="json").status_code == 403
        )
        assert (
            client_for(coordinator).post("/api/units/", payload, format="json").status_code == 201
        )


def test_openapi_schema_and_docs_are_served(viewer) -> None:
    client = client_for(viewer)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/opportunities/{id}/transitions/{name}/" in paths
    assert "/api/auth/token/" in paths
    assert client.get("/api/docs/").status_code == 200


def test_start_monitoring_lists_its_inputs_and_is_not_blocked_by_them(
    focal_point, make_opportunity
) -> None:
    opportunity = make_opportunity(state="in_communication")
    listing = (
        client_for(focal_point).get(f"/api/opportunities/{opportunity.pk}/transitions/").json()
    )
    start = next(t for t in listing if t["name"] == "start_monitoring")
    assert start["blocked"] is False
    assert len(start["missing"]) == 3
