"""Guessing passwords: after five wrong ones for an account from one address, that pair is
locked for the cool-off time, on the sign-in page, the admin and the API token endpoint alike."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

LOCKED = "შესვლის ძალიან ბევრი წარუმატებელი მცდელობა"


def _sign_in(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def _guess(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        assert _sign_in(client, username, "wrong-guess").status_code == 200


@pytest.fixture(autouse=True)
def _five_attempts(settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    focal_point, coordinator
) -> None:
    client = Client()
    _guess(client, "focal", 4)
    locked = _sign_in(client, "focal", "wrong-guess")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode() and locked["Retry-After"] == "900"
    right = _sign_in(client, "focal", "pass-1234")
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    # Another account from the same address is not held back by someone else's guesses.
    assert _sign_in(Client(), coordinator.username, "pass-1234").status_code == 302


def test_the_lock_lifts_after_the_cool_off(focal_point) -> None:
    client = Client()
    _guess(client, "focal", 4)
    assert _sign_in(client, "focal", "wrong-guess").status_code == 429
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert _sign_in(client, "focal", "pass-1234").status_code == 302


def test_a_successful_sign_in_clears_the_count(focal_point) -> None:
    _guess(Client(), "focal", 4)
    assert _sign_in(Client(), "focal", "pass-1234").status_code == 302
    _guess(Client(), "focal", 4)
    assert _sign_in(Client(), "focal", "pass-1234").status_code == 302


def test_the_api_token_endpoint_is_locked_with_a_json_reason(api, focal_point) -> None:
    for _ in range(4):
        wrong = api.post("/api/auth/token/", {"username": "focal", "password": "wrong-guess"})
        assert wrong.status_code == 400
    locked = api.post("/api/auth/token/", {"username": "focal", "password": "wrong-guess"})
    assert locked.status_code == 429 and LOCKED in locked.json()["detail"]
    right = api.post("/api/auth/token/", {"username": "focal", "password": "pass-1234"})
    assert right.status_code == 429 and "token" not in right.json()


def test_the_admin_sign_in_counts_too(db, django_user_model) -> None:
    django_user_model.objects.create_superuser("root", "root@example.org", "pass-1234")
    client = Client()
    for _ in range(4):
        client.post("/admin/login/", {"username": "root", "password": "wrong-guess"})
    locked = client.post("/admin/login/", {"username": "root", "password": "wrong-guess"})
    assert locked.status_code == 429
    assert (
        client.post("/admin/login/", {"username": "root", "password": "pass-1234"}).status_code
        == 429
    )


def test_an_overlong_username_is_a_failed_sign_in_not_a_server_error(api, focal_point) -> None:
    name = "ა" * 300
    assert _sign_in(Client(), name, "wrong-guess").status_code == 200
    response = api.post("/api/auth/token/", {"username": name, "password": "x"}, format="json")
    assert response.status_code == 400


def _change_password(client: Client, old: str):
    new = "a-longer-new-secret-77"
    return client.post(
        "/password/", {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_wrong_old_passwords_on_the_password_page_count_toward_the_lock(focal_point) -> None:
    """Someone at an unlocked screen cannot try old passwords without end."""
    client = Client()
    client.force_login(focal_point)
    for _ in range(4):
        assert _change_password(client, "wrong-guess").status_code == 200
    locked = _change_password(client, "wrong-guess")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode() and locked["Retry-After"] == "900"
    # Locked: the right old password does not change it either, and sign-in is locked too.
    assert _change_password(client, "pass-1234").status_code == 429
    focal_point.refresh_from_db()
    assert focal_point.check_password("pass-1234")
    assert _sign_in(Client(), "focal", "pass-1234").status_code == 429


def test_guesses_on_the_password_page_and_the_sign_in_page_add_up(focal_point) -> None:
    _guess(Client(), "focal", 3)
    client = Client()
    client.force_login(focal_point)
    assert _change_password(client, "wrong-guess").status_code == 200
    assert _change_password(client, "wrong-guess").status_code == 429
