"""The search page (/search/?q=) and the box that leads to it from every page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import User
from tests.web import signed_in
from workflow.models import Opportunity
from workflow.services.records import attachment_add

pytestmark = pytest.mark.django_db


def test_results_are_grouped_by_register_with_counts_and_links(
    focal_point: User, coordinator: User, make_opportunity: Callable[..., Opportunity]
) -> None:
    wanted = make_opportunity(title="საზღვრის მართვის განვითარება")
    make_opportunity(title="სასწავლო ცენტრის აღჭურვა")
    letter = attachment_add(
        opportunity=wanted,
        user=coordinator,
        upload=SimpleUploadedFile("განვითარების_გეგმა.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    response = signed_in(focal_point).get("/search/", {"q": "ვითარ"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="found-opportunities"' in page and 'id="found-documents"' in page
    assert 'id="found-projects"' not in page  # nothing found there
    assert f'href="/opportunities/{wanted.pk}/"' in page
    assert f'href="/opportunities/{wanted.pk}/attachments/{letter.pk}/"' in page
    assert "სასწავლო ცენტრის" not in page
    groups = {group["key"]: group["count"] for group in response.context["groups"]}
    assert groups["opportunities"] == 1 and groups["documents"] == 1
    assert response.context["total"] == 2
    # The box keeps what was typed.
    assert 'value="ვითარ"' in page


def test_the_search_needs_sign_in(client, make_opportunity: Callable[..., Opportunity]) -> None:
    make_opportunity(title="საზღვრის მართვის განვითარება")
    response = client.get("/search/", {"q": "ვითარ"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("q", ["", "ა"])
def test_too_little_text_finds_nothing_and_says_so(viewer: User, q: str) -> None:
    response = signed_in(viewer).get("/search/", {"q": q})
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert response.context["too_short"] is bool(q)


def test_very_long_text_is_cut_not_refused(viewer: User) -> None:
    response = signed_in(viewer).get("/search/", {"q": "ა" * 5000})
    assert response.status_code == 200
    assert len(response.context["searched"]) == 100


def test_a_nul_character_is_read_as_a_space(
    focal_point: User, make_opportunity: Callable[..., Opportunity]
) -> None:
    wanted = make_opportunity(title="საზღვრის მართვის განვითარება")
    response = signed_in(focal_point).get("/search/", {"q": "საზღვრ\x00მართვ"})
    assert response.status_code == 200
    assert response.context["searched"] == "საზღვრ მართვ"
    assert f'href="/opportunities/{wanted.pk}/"' in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/register/", "/needs/", "/meetings/"])
def test_every_page_has_the_search_box(viewer: User, url: str) -> None:
    page = signed_in(viewer).get(url).content.decode()
    assert 'role="search"' in page and 'action="/search/"' in page
    assert '<input type="search" id="search-box-q" name="q"' in page
    assert '<label for="search-box-q"' in page
