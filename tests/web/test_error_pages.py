"""Pages Django answers by itself — an address that names nothing, a form whose session has
ended, a server error — speak Georgian and say what to do, not Django's English."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.web import signed_in

pytestmark = pytest.mark.django_db


def test_an_address_that_names_nothing_is_a_georgian_page_with_the_menu(focal_point) -> None:
    response = signed_in(focal_point).get("/opportunities/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "გვერდი ვერ მოიძებნა" in body and "Not Found" not in body


def test_a_form_sent_from_an_ended_session_says_to_reload_in_georgian(focal_point) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_point)
    response = client.post("/password/", {"old_password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "ფორმას ვადა გაუვიდა" in body and "CSRF verification failed" not in body


def test_a_server_error_is_a_georgian_page_that_needs_nothing_from_the_request() -> None:
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "რაღაც შეცდომა მოხდა" in response.content.decode()
