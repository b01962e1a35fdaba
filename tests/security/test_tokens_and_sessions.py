"""What a password or a sign-in bought ends with it: a password change (page or admin) deletes
the person's API token and ends their other sessions, signing out (page or API) deletes the
token, and every token sign-in hands out a fresh token."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import User
from core.services import user_password_change

NEW_PASSWORD = "a-longer-new-secret-77"


def _token(username: str = "focal", password: str = "pass-1234") -> str:
    response = APIClient().post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def _api_answers(token: str) -> int:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/units/").status_code


def _signed_in(client: Client) -> bool:
    return client.get("/register/").status_code == 200


def test_each_token_sign_in_hands_out_a_fresh_token(focal_point: User) -> None:
    first = _token()
    second = _token()
    assert first != second
    assert _api_answers(first) == 401 and _api_answers(second) == 200
    assert Token.objects.filter(user=focal_point).count() == 1


def test_changing_the_password_ends_the_token_and_the_other_sessions(
    focal_point: User,
) -> None:
    token = _token()
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.post("/login/", {"username": "focal", "password": "pass-1234"}).status_code
    assert _signed_in(here) and _signed_in(elsewhere)

    response = here.post(
        "/password/",
        {
            "old_password": "pass-1234",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302 and response["Location"] == "/password/done/"
    assert _api_answers(token) == 401
    assert not Token.objects.filter(user=focal_point).exists()
    assert _signed_in(here), "the person who changed it stays signed in"
    assert not _signed_in(elsewhere)
    assert _token(password=NEW_PASSWORD)


def test_a_wrong_old_password_changes_nothing(focal_point: User) -> None:
    token = _token()
    client = Client()
    client.force_login(focal_point)
    response = client.post(
        "/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    assert _api_answers(token) == 200


def test_a_password_set_in_the_admin_ends_the_token(focal_point: User, django_user_model) -> None:
    token = _token()
    person = Client()
    person.force_login(focal_point)
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pass-1234")
    admin = Client()
    admin.force_login(root)

    response = admin.post(
        f"/admin/core/user/{focal_point.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    assert _api_answers(token) == 401
    assert not _signed_in(person)
    assert _signed_in(admin), "the admin's own session is not someone else's password"


def test_switching_password_sign_in_off_ends_the_token_too(focal_point: User) -> None:
    token = _token()
    user_password_change(user=focal_point, password=None)
    assert _api_answers(token) == 401
    assert not focal_point.has_usable_password()


def test_signing_out_of_the_site_ends_the_token(focal_point: User) -> None:
    token = _token()
    client = Client()
    client.force_login(focal_point)
    assert client.post("/logout/").status_code == 302
    assert not _signed_in(client)
    assert _api_answers(token) == 401


def test_the_api_signs_out_with_delete(focal_point: User) -> None:
    token = _token()
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.delete("/api/auth/token/").status_code == 204
    assert _api_answers(token) == 401
    assert client.delete("/api/auth/token/").status_code == 401


@pytest.mark.parametrize("method", ["get", "put"])
def test_the_token_address_takes_only_sign_in_and_sign_out(api, focal_point, method) -> None:
    assert getattr(api, method)("/api/auth/token/").status_code == 405
