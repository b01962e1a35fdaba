"""The IATI pages: the public projects' file, and a donor's file read into the register (what is
read and registered is tested in tests/iati)."""

from __future__ import annotations

import pytest

from tests.web import signed_in

pytestmark = pytest.mark.django_db


def test_with_nothing_public_the_file_is_not_made_and_the_page_says_so(viewer) -> None:
    response = signed_in(viewer).get("/iati/activities.xml", follow=True)
    assert response.redirect_chain == [("/projects/", 302)]
    assert 'class="error"' in response.content.decode()


def test_only_the_department_reads_a_donors_file(coordinator, focal_point) -> None:
    page = signed_in(coordinator).get("/iati/import/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    for url in ["/iati/import/", "/iati/import/1/", "/iati/import/1/activities/1/"]:
        assert signed_in(focal_point).get(url).status_code == 403, url
    assert signed_in(focal_point).post("/iati/import/1/adopt/").status_code == 403
