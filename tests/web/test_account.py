"""Signing in and out, the password page, and a person's language."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.models import User
from tests.web import signed_in
from web.pages import account

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


# Every password page the app has (no reset by mail: the department sets a forgotten password).
PASSWORD_PAGES = {"password_change": "/password/", "password_change_done": "/password/done/"}


def _content(page: str) -> str:
    """What the page says in its content, without markup."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_every_password_page_is_listed_here() -> None:
    names = {p.name for p in account.urlpatterns if p.name and "password" in p.name}
    assert names == set(PASSWORD_PAGES)
    assert {name: reverse(name) for name in names} == PASSWORD_PAGES


@pytest.mark.parametrize("url", PASSWORD_PAGES.values())
def test_each_password_page_is_the_apps_own_in_georgian(focal_point, url) -> None:
    response = signed_in(focal_point).get(url)
    page = response.content.decode()
    assert response.status_code == 200
    # The app's layout: its menu and its sign-out, not the admin's.
    assert 'href="/register/"' in page and 'action="/logout/"' in page
    assert "/admin/" not in page and "Django" not in page
    assert '<html lang="ka">' in page and "პაროლ" in _content(page)
    english = set(re.findall(r"[A-Za-z]{3,}", _content(page))) - {"API"}
    assert english == set(), f"English left on {url}: {english}"


def test_the_new_passwords_rules_are_said_before_and_its_refusals_in_georgian(
    focal_point,
) -> None:
    client = signed_in(focal_point)
    rules = _content(client.get("/password/").content.decode())
    assert "მინიმუმ 8 სიმბოლო" in rules and "ხშირად გამოყენებული" in rules
    short = client.post(
        "/password/",
        {"old_password": "pass-1234", "new_password1": "ab1", "new_password2": "ab1"},
    )
    text = _content(short.content.decode())
    assert short.status_code == 200 and "პაროლი ძალიან მოკლეა" in text
    assert not re.search(r"[A-Za-z]{3,}", text.replace("API", "")), text
    mismatch = client.post(
        "/password/",
        {
            "old_password": "pass-1234",
            "new_password1": "ზაფხულის-მთები-2026",
            "new_password2": "ზამთრის-მთები-2026",
        },
    )
    assert "არ ემთხვევა" in _content(mismatch.content.decode())


def test_a_changed_password_leads_to_the_apps_done_page(focal_point) -> None:
    client = signed_in(focal_point)
    response = client.post(
        "/password/",
        {
            "old_password": "pass-1234",
            "new_password1": "ზაფხულის-მთები-2026",
            "new_password2": "ზაფხულის-მთები-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/password/done/"
    focal_point.refresh_from_db()
    assert focal_point.check_password("ზაფხულის-მთები-2026")


def test_the_sign_in_page_says_who_sets_a_forgotten_password(client) -> None:
    assert "დაგავიწყდათ პაროლი?" in client.get("/login/").content.decode()


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
