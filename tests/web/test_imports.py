"""The import pages: the department uploads a register's file and reads the dry run; the blank
workbooks (what an import reads is tested in tests/imports)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.registers import REGISTERS
from tests.web import signed_in

pytestmark = pytest.mark.django_db


def test_only_the_department_opens_the_import_page(coordinator, focal_point) -> None:
    page = signed_in(coordinator).get("/imports/").content.decode()
    assert all(f"/imports/blank/{name}.xlsx" in page for name in REGISTERS)
    assert signed_in(focal_point).get("/imports/").status_code == 403


def test_an_upload_without_a_file_says_so_and_keeps_the_register(coordinator) -> None:
    response = signed_in(coordinator).post("/imports/", {"register": "needs"})
    assert response.status_code == 400
    assert 'value="needs" selected' in response.content.decode()


def test_a_file_that_is_no_spreadsheet_is_refused_on_the_page(coordinator) -> None:
    upload = SimpleUploadedFile("needs.xlsx", b"not a workbook")
    response = signed_in(coordinator).post("/imports/", {"register": "needs", "file": upload})
    assert response.status_code >= 400 and 'role="status"' in response.content.decode()


def test_an_unknown_register_has_no_blank_workbook(viewer) -> None:
    assert signed_in(viewer).get("/imports/blank/secrets.xlsx").status_code == 404
