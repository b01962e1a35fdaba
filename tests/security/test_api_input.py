"""What the API does with input that is odd but not malicious: clear 400s, never a 500."""

from __future__ import annotations

from tests.conftest import client_for


def test_a_filter_by_an_id_nobody_has_finds_nothing(viewer, make_opportunity, unit) -> None:
    make_opportunity()
    api = client_for(viewer)
    assert api.get("/api/opportunities/", {"owning_unit": unit.pk}).json()["count"] == 1
    for unknown in ("987654", "-3", str(2**70)):
        response = api.get("/api/opportunities/", {"owning_unit": unknown})
        assert response.status_code == 200 and response.json()["count"] == 0
    assert api.get("/api/opportunities/", {"owning_unit": "null"}).status_code == 400


def test_page_and_page_size_out_of_range_are_refused(viewer) -> None:
    api = client_for(viewer)
    for query in ({"page_size": "0"}, {"page_size": "201"}, {"page": "x"}, {"page_size": "²"}):
        response = api.get("/api/opportunities/", query)
        assert response.status_code == 400, query
        assert response.json()["messages"]


def test_a_year_out_of_range_is_refused_not_a_server_error(viewer) -> None:
    api = client_for(viewer)
    for year in ("0", "99999"):
        assert api.get("/api/trainings/", {"year": year}).status_code == 400
        assert api.get("/api/projects/", {"year": year}).status_code == 400


def test_an_unknown_api_address_answers_json_for_every_method(viewer) -> None:
    api = client_for(viewer)
    for method in ("get", "post", "options", "delete"):
        response = getattr(api, method)("/api/opportunities/0.5/nothing/\n")
        assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_form_encoded_bodies_are_refused(focal_point) -> None:
    response = client_for(focal_point).post(
        "/api/opportunities/", {"title": "x"}, format="multipart"
    )
    assert response.status_code == 415
