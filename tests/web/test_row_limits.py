"""A forged row count builds no more rows than a person may edit: Django would build up to a
thousand, each with its lists of units and donors, and tie a worker up for minutes."""

from __future__ import annotations

import pytest

from tests.factories import ProjectFactory
from tests.web import opened_form, signed_in
from web.forms.common import ROWS_MAX

pytestmark = pytest.mark.django_db


def test_a_forged_row_count_is_refused_without_building_the_rows(coordinator) -> None:
    project = ProjectFactory.create(created_by=coordinator)
    client = signed_in(coordinator)
    url = f"/projects/{project.pk}/edit/"
    form = opened_form(client, url) | {"participants-TOTAL_FORMS": "100000"}
    response = client.post(url, form)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'name="participants-{ROWS_MAX - 1}-role"' in body
    assert f'name="participants-{ROWS_MAX}-role"' not in body
