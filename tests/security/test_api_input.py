"""What the API does with input that is odd but not malicious: clear 400s, never a 500."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError

from core.api.errors import exception_handler
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


def test_a_refusal_of_the_whole_body_is_still_said_by_field(coordinator) -> None:
    """The errors are an object by field whatever was refused, as the schema says: a list of
    messages for the whole body (DRF's answer to a null body where a list is expected) goes
    under ``non_field_errors``."""
    api = client_for(coordinator)
    for address in ("/api/needs/", "/api/commitments/", "/api/action-plans/", "/api/obligations/"):
        for body in ("null", "[1, 2]"):
            response = api.post(address, body, content_type="application/json")
            assert response.status_code == 400, (address, body)
            errors = response.json()["errors"]
            assert isinstance(errors, dict) and errors, (address, body, errors)
    refused = exception_handler(ValidationError(["Null values are not allowed."]), {})
    assert refused is not None
    assert refused.data["errors"] == {"non_field_errors": ["Null values are not allowed."]}
