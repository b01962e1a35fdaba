"""The project register to XLSX (exactly the filtered rows) and a project's fiche as PDF."""

from __future__ import annotations

import io

from django.test import Client
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from core.models import User
from projects.models import Obligation, Project
from tests.factories import ProjectFactory


def _budget_header(currency: str) -> str:
    with translation.override("ka"):
        return translation.gettext("budget (%(currency)s)") % {"currency": currency}


def test_project_register_xlsx_holds_the_filtered_rows(
    public_project: Project,
    coordinator: User,
    viewer: User,
    client: Client,
) -> None:
    ProjectFactory.create(title_ka="დასრულებული პროექტი", status="4", created_by=coordinator)
    client.force_login(viewer)
    response = client.get("/projects/", {"status": "2", "export": "xlsx"})
    assert response.status_code == 200
    assert "donorflow-projects-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[0] == "დასახელება (ქართულად)"
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["დასახელება (ქართულად)"] == "სასაზღვრო მართვის გაძლიერება"
    assert row[_budget_header("EUR")] == 500000
    assert row["დონორი"] == str(public_project.participants.get(role="1").donor)


def test_fiche_pdf_in_georgian_and_english(
    public_project: Project,
    coordinator: User,
    unit,
    viewer: User,
    client: Client,
) -> None:
    Obligation.objects.create(
        project=public_project,
        kind=Obligation.Kind.AUDIT,
        description="აუდიტი",
        responsible_unit=unit,
        due_date="2026-12-31",
        created_by=coordinator,
    )
    client.force_login(viewer)

    def text(url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)

    georgian = text(f"/projects/{public_project.pk}/fiche.pdf")
    for expected in ("პროექტის ბარათი", "სასაზღვრო მართვის გაძლიერება", "კახეთი", "31.12.2026"):
        assert expected in georgian, expected
    assert "500" in georgian and "EUR" in georgian
    english = text(f"/projects/{public_project.pk}/fiche.pdf?language=en")
    assert "Project fiche" in english and "Border management support" in english
    assert client.get("/projects/999999/fiche.pdf").status_code == 404
