"""Signing in and out, the password page, and a person's language."""

from __future__ import annotations

import pytest

from core.models import User
from tests.web import signed_in

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_georgian_and_signs_in(client, focal_point) -> None:
    page = client.get("/login/").content.decode()
    assert "შესვლა" in page
    response = client.post("/login/", {"username": "focal", "password": "pass-1234"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_keeps_the_username_and_says_why(client, focal_point) -> None:
    page = client.post("/login/", {"username": "focal", "password": "wrong"}).content.decode()
    assert 'value="focal"' in page
    assert 'role="alert"' in page


def test_language_switch_to_english(focal_point) -> None:
    client = signed_in(focal_point)
    client.post("/i18n/setlang/", {"language": "en", "next": "/register/"})
    page = client.get("/register/").content.decode()
    assert "Unified register of opportunities" in page


def test_the_password_page_is_the_apps_own_in_georgian_not_the_admins(focal_point) -> None:
    body = signed_in(focal_point).get("/password/").content.decode()
    assert "პაროლის შეცვლა" in body
    assert "Django" not in body and "for security's sake" not in body


class TestLanguagePreference:
    def test_sign_in_applies_the_persons_language(self, client, focal_point) -> None:
        User.objects.filter(pk=focal_point.pk).update(language="en")
        client.post("/login/", {"username": "focal", "password": "pass-1234"})
        assert client.cookies["django_language"].value == "en"
        assert "Unified register of opportunities" in client.get("/register/").content.decode()

    def test_switching_is_remembered_on_the_account(self, focal_point) -> None:
        signed_in(focal_point).post("/i18n/setlang/", {"language": "en", "next": "/"})
        focal_point.refresh_from_db()
        assert focal_point.language == "en"

    def test_an_unknown_language_changes_nothing(self, focal_point) -> None:
        signed_in(focal_point).post("/i18n/setlang/", {"language": "xx", "next": "/"})
        focal_point.refresh_from_db()
        assert focal_point.language == "ka"
