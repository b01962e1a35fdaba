"""The frameworks and donors' priorities over HTTP: read by everyone signed in, kept by the
department and the administrators through the same services as their pages, with version
checks on a framework's edit and the refusals in Georgian."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import DonorPriority, Framework
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NEW = {"code": "osce", "family": "other", "name_ka": "ეუთო", "name_en": "OSCE", "position": 40}


def _queries(read: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = read()
    assert response.status_code == 200, response.json()
    return len(captured)


def _georgian(text: str) -> bool:
    return any("\u10d0" <= letter <= "\u10ff" for letter in text)


class TestFrameworks:
    def test_everyone_signed_in_reads_them_with_their_commitments_counted(
        self, make_commitment, viewer, api
    ) -> None:
        commitment = make_commitment()
        assert api.get("/api/frameworks/").status_code == 401
        rows = client_for(viewer).get("/api/frameworks/?page_size=200").json()["results"]
        assert len(rows) == Framework.objects.count()
        counted = {row["code"]: row["commitment_count"] for row in rows}
        assert counted[commitment.framework.code] == 1 and counted["nato-anp"] == 0
        one = client_for(viewer).get(f"/api/frameworks/{commitment.framework_id}/")
        assert one.status_code == 200 and one["ETag"] == f'"{commitment.framework.version}"'

    def test_the_department_creates_and_edits_with_version_checks(self, coordinator) -> None:
        client = client_for(coordinator)
        created = client.post("/api/frameworks/", NEW, format="json")
        assert created.status_code == 201, created.json()
        body = created.json()
        assert body["code"] == "osce" and body["commitment_count"] == 0
        url = f"/api/frameworks/{body['id']}/"

        edited = client.patch(
            url, {"name_en": "OSCE commitments"}, format="json", HTTP_IF_MATCH='"1"'
        )
        assert edited.status_code == 200, edited.json()
        assert edited.json()["version"] == 2 and edited["ETag"] == '"2"'
        stale = client.patch(
            url, {"name_ka": "ეუთო-ს ვალდებულებები"}, format="json", HTTP_IF_MATCH='"1"'
        )
        assert stale.status_code == 412
        assert (
            stale.json()["version"] == 2
            and stale.json()["current"]["name_en"] == "OSCE commitments"
        )
        assert Framework.objects.get(code="osce").name_ka == "ეუთო"

    def test_the_code_stays_as_recorded(self, coordinator) -> None:
        framework = Framework.objects.get(code="nato-anp")
        client = client_for(coordinator)
        url = f"/api/frameworks/{framework.pk}/"
        refused = client.patch(url, {"code": "nato-anp-2"}, format="json")
        assert refused.status_code == 400
        assert refused.json()["messages"] == [
            "ჩარჩოს კოდი უცვლელი რჩება; შეცვალეთ მისი დასახელებები."
        ]
        framework.refresh_from_db()
        assert framework.code == "nato-anp" and framework.version == 1
        # The same code sent again with other fields is no change of code.
        same = client.patch(url, {"code": "nato-anp", "position": 7}, format="json")
        assert same.status_code == 200 and same.json()["position"] == 7

    def test_a_taken_or_malformed_code_is_refused_by_field_in_georgian(self, coordinator) -> None:
        client = client_for(coordinator)
        taken = client.post("/api/frameworks/", NEW | {"code": "eu-aa"}, format="json")
        assert taken.status_code == 400
        assert set(taken.json()["errors"]) == {"code"}
        assert _georgian(taken.json()["errors"]["code"][0])
        bad = client.post(
            "/api/frameworks/", NEW | {"code": "ა ბ", "family": "moon"}, format="json"
        )
        assert bad.status_code == 400 and set(bad.json()["errors"]) == {"code", "family"}
        assert all(_georgian(messages[0]) for messages in bad.json()["errors"].values())

    def test_there_is_no_put(self, coordinator) -> None:
        framework = Framework.objects.get(code="nato-anp")
        response = client_for(coordinator).put(
            f"/api/frameworks/{framework.pk}/", NEW, format="json"
        )
        assert response.status_code == 405

    @pytest.mark.parametrize("who", ["focal_point", "unit_head", "minister", "viewer"])
    def test_others_may_not_write(self, who, request) -> None:
        client = client_for(request.getfixturevalue(who))
        framework = Framework.objects.get(code="nato-anp")
        created = client.post("/api/frameworks/", {}, format="json")
        assert created.status_code == 403 and _georgian(created.json()["detail"])
        edited = client.patch(f"/api/frameworks/{framework.pk}/", {"name_en": "x"}, format="json")
        assert edited.status_code == 403
        assert not Framework.objects.filter(code="osce").exists()

    def test_the_same_queries_for_five_or_fifty(self, viewer) -> None:
        Framework.objects.all().delete()
        client = client_for(viewer)

        def grow(start: int, stop: int) -> None:
            for number in range(start, stop):
                Framework.objects.create(code=f"f-{number}", family="other", name_ka=f"ჩ {number}")

        grow(0, 5)
        few = _queries(lambda: client.get("/api/frameworks/?page_size=100"))
        grow(5, 50)
        assert client.get("/api/frameworks/?page_size=100").json()["count"] == 50
        assert _queries(lambda: client.get("/api/frameworks/?page_size=100")) == few


class TestDonorPriorities:
    def test_everyone_signed_in_reads_them(self, donor, viewer, api) -> None:
        nato = Framework.objects.get(code="nato-anp")
        DonorPriority.objects.create(donor=donor, framework=nato)
        DonorPriority.objects.create(donor=donor, sector="15210", theme="საზღვარი")
        url = f"/api/donors/{donor.pk}/priorities/"
        assert api.get(url).status_code == 401
        response = client_for(viewer).get(url)
        assert response.status_code == 200
        assert response.json() == {
            "donor": donor.pk,
            "priorities": [
                {"framework": nato.pk, "sector": "", "theme": ""},
                {"framework": None, "sector": "15210", "theme": "საზღვარი"},
            ],
        }

    def test_the_department_replaces_them_and_an_area_named_twice_is_kept_once(
        self, donor, coordinator
    ) -> None:
        DonorPriority.objects.create(donor=donor, theme="ძველი")
        nato = Framework.objects.get(code="nato-anp")
        body = {
            "priorities": [
                {"framework": nato.pk, "sector": "", "theme": ""},
                {"framework": None, "sector": "15130", "theme": "მიგრაცია"},
                {"framework": None, "sector": "15130", "theme": "მიგრაცია"},
            ]
        }
        response = client_for(coordinator).put(
            f"/api/donors/{donor.pk}/priorities/", body, format="json"
        )
        assert response.status_code == 200, response.json()
        assert response.json()["priorities"] == body["priorities"][:2]
        assert [str(row.theme) for row in donor.priorities.order_by("id")] == ["", "მიგრაცია"]
        emptied = client_for(coordinator).put(
            f"/api/donors/{donor.pk}/priorities/", {"priorities": []}, format="json"
        )
        assert emptied.status_code == 200 and emptied.json()["priorities"] == []
        assert not donor.priorities.exists()

    def test_a_row_naming_nothing_or_an_unknown_framework_is_refused_in_georgian(
        self, donor, coordinator
    ) -> None:
        DonorPriority.objects.create(donor=donor, theme="დარჩება")
        url = f"/api/donors/{donor.pk}/priorities/"
        client = client_for(coordinator)
        unknown = client.put(
            url, {"priorities": [{"framework": 999999, "sector": "99999"}]}, format="json"
        )
        assert unknown.status_code == 400
        # Each row's problems under its position in the list.
        row = unknown.json()["errors"]["priorities"]["0"]
        assert set(row) == {"framework", "sector"}
        assert all(_georgian(messages[0]) for messages in row.values())
        missing = client.put(url, {}, format="json")
        assert missing.status_code == 400 and set(missing.json()["errors"]) == {"priorities"}
        nothing = client.put(url, {"priorities": [{"theme": "  "}]}, format="json")
        assert nothing.status_code == 400 and _georgian(nothing.json()["detail"])
        assert [row.theme for row in donor.priorities.all()] == ["დარჩება"]

    @pytest.mark.parametrize("who", ["focal_point", "unit_head", "minister", "viewer"])
    def test_others_may_not_write(self, who, request, donor) -> None:
        response = client_for(request.getfixturevalue(who)).put(
            f"/api/donors/{donor.pk}/priorities/", {"priorities": []}, format="json"
        )
        assert response.status_code == 403 and _georgian(response.json()["detail"])

    def test_an_unknown_donor_is_not_found(self, coordinator) -> None:
        client = client_for(coordinator)
        assert client.get("/api/donors/999999/priorities/").status_code == 404
        put = client.put("/api/donors/999999/priorities/", {"priorities": []}, format="json")
        assert put.status_code == 404

    def test_the_same_queries_for_five_or_fifty(self, donor, viewer) -> None:
        client = client_for(viewer)
        url = f"/api/donors/{donor.pk}/priorities/"
        frameworks = list(Framework.objects.all())

        def grow(start: int, stop: int) -> None:
            for number in range(start, stop):
                DonorPriority.objects.create(
                    donor=donor, framework=frameworks[number % len(frameworks)], theme=f"{number}"
                )

        grow(0, 5)
        few = _queries(lambda: client.get(url))
        grow(5, 50)
        assert len(client.get(url).json()["priorities"]) == 50
        assert _queries(lambda: client.get(url)) == few
