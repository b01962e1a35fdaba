"""Saved filters: a person saves a register's filters under a name, finds them as links on
that register, opens and shares them as links, and deletes their own; nobody else sees or
deletes them. Refusals are said in the person's language (Georgian by default)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from core.errors import ActionBlocked, ActionForbidden
from core.models import User
from search.models import SavedFilter
from search.services import saved_filter_create, saved_filter_delete
from tests.web import signed_in

pytestmark = pytest.mark.django_db


def _georgian(message: str) -> str:
    with translation.override("ka"):
        return gettext(message)


def test_saving_keeps_the_filters_and_sort_but_not_the_page(focal_point: User) -> None:
    client = signed_in(focal_point)
    response = client.post(
        "/search/filters/",
        {
            "name": "  ჩემი   გრანტები ",
            "path": "/register/",
            "query": "kind=grant&sort=-title&page=3&export=xlsx",
        },
    )
    saved = SavedFilter.objects.get(owner=focal_point)
    assert (saved.name, saved.path, saved.query) == (
        "ჩემი გრანტები",
        "/register/",
        "kind=grant&sort=-title",
    )
    # Back to the register with the filter applied, which says it is saved.
    assert response.status_code == 302 and response["Location"] == saved.link
    page = client.get(saved.link).content.decode()
    assert "ჩემი გრანტები" in page and 'href="/register/?kind=grant&amp;sort=-title"' in page


def test_a_register_lists_only_its_own_filters_of_the_person(
    focal_point: User, other_unit_focal_point: User
) -> None:
    saved_filter_create(owner=focal_point, name="ღია", path="/needs/", query="status=open")
    saved_filter_create(owner=focal_point, name="გრანტები", path="/register/", query="kind=grant")
    saved_filter_create(
        owner=other_unit_focal_point, name="სხვისი ფილტრი", path="/needs/", query="priority=high"
    )
    needs = signed_in(focal_point).get("/needs/").content.decode()
    assert 'href="/needs/?status=open"' in needs
    assert "გრანტები" not in needs  # another register's
    assert "სხვისი ფილტრი" not in needs and "priority=high" not in needs  # another person's


def test_a_shared_link_opens_the_same_list_for_a_colleague(
    focal_point: User, coordinator: User
) -> None:
    saved = saved_filter_create(
        owner=focal_point, name="მაღალი", path="/needs/", query="priority=high&sort=title"
    )
    response = signed_in(coordinator).get(saved.link)
    assert response.status_code == 200
    assert response.context["filters"].form.cleaned_data["priority"] == ["high"]
    assert response.context["sort"] == "title"


def test_the_owner_deletes_a_filter_and_returns_to_the_list(focal_point: User) -> None:
    saved = saved_filter_create(owner=focal_point, name="ღია", path="/needs/", query="status=open")
    response = signed_in(focal_point).post(
        f"/search/filters/{saved.pk}/delete/", {"back": "/needs/?status=open"}
    )
    assert response.status_code == 302 and response["Location"] == "/needs/?status=open"
    assert not SavedFilter.objects.exists()


def test_a_delete_does_not_leave_the_site(focal_point: User) -> None:
    saved = saved_filter_create(owner=focal_point, name="ღია", path="/needs/", query="")
    response = signed_in(focal_point).post(
        f"/search/filters/{saved.pk}/delete/", {"back": "https://evil.example/"}
    )
    assert response["Location"] == "/needs/"


def test_nobody_else_deletes_my_filter(focal_point: User, coordinator: User) -> None:
    saved = saved_filter_create(owner=focal_point, name="ღია", path="/needs/", query="")
    response = signed_in(coordinator).post(f"/search/filters/{saved.pk}/delete/")
    assert response.status_code == 404
    with pytest.raises(ActionForbidden):
        saved_filter_delete(saved_filter=saved, user=coordinator)
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


@pytest.mark.parametrize(
    ("name", "path", "message"),
    [
        ("   ", "/needs/", "Give the filter a name."),
        ("ღია", "/needs/", "You already have a filter of this name here; choose another name."),
        ("ა" * 101, "/needs/", "The name is too long: at most 100 characters."),
        ("ღია", "https://evil.example/", "Only a register of this site can be saved."),
        ("ღია", "/needs/1/edit/", "Only a register of this site can be saved."),
    ],
)
def test_a_refused_save_says_why_in_georgian_and_keeps_what_was_typed(
    focal_point: User, name: str, path: str, message: str
) -> None:
    saved_filter_create(owner=focal_point, name="ღია", path="/needs/", query="")
    response = signed_in(focal_point).post(
        "/search/filters/", {"name": name, "path": path, "query": "status=open"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert _georgian(message) in page
    assert 'name="query" value="status=open"' in page
    if name.strip():
        assert f'value="{name}"' in page
    assert SavedFilter.objects.count() == 1


def test_the_same_name_is_free_for_another_register_and_another_person(
    focal_point: User, coordinator: User
) -> None:
    saved_filter_create(owner=focal_point, name="ღია", path="/needs/", query="")
    saved_filter_create(owner=focal_point, name="ღია", path="/register/", query="")
    saved_filter_create(owner=coordinator, name="ღია", path="/needs/", query="")
    with pytest.raises(ActionBlocked):
        saved_filter_create(owner=focal_point, name=" ღია ", path="/needs/", query="x=1")
    assert SavedFilter.objects.count() == 3


@pytest.mark.parametrize(
    "url",
    [
        "/register/",
        "/projects/",
        "/obligations/",
        "/needs/",
        "/trainings/",
        "/meetings/",
        "/commitments/",
        "/action-plans/",
    ],
)
def test_every_register_offers_to_save_its_filters(viewer: User, url: str) -> None:
    page = signed_in(viewer).get(url, {"sort": "title"}).content.decode()
    assert 'action="/search/filters/"' in page
    assert f'name="path" value="{url}"' in page


def test_saving_needs_sign_in_and_a_post(client, focal_point: User) -> None:
    response = client.post("/search/filters/", {"name": "ა", "path": "/needs/"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert signed_in(focal_point).get("/search/filters/").status_code == 405
