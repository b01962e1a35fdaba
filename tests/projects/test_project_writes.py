"""Entering and editing projects and obligations on the pages and over the API, progress
reports over the API, and a project's own documents."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import (
    IndicatorActual,
    Obligation,
    Project,
    ProjectDocument,
    ProjectEdit,
    ProjectParticipant,
    ProjectResult,
    ResultIndicator,
)
from projects.services.obligations import obligation_transition
from tests.conftest import client_for
from tests.factories import ProjectFactory
from tests.responses import streamed
from tests.web import signed_in

pytestmark = pytest.mark.django_db


def _management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _project_form(donor, unit, **overrides):
    data = {
        "title_ka": "საზღვრის მართვის გაძლიერება",
        "status": "2",
        "report_periodicity": "quarterly",
        "actual_start": "2025-01-01",
        **_management("participants", 2),
        "participants-0-role": "1",
        "participants-0-donor": str(donor.pk),
        "participants-1-role": "4",
        "participants-1-unit": str(unit.pk),
        **_management("budget", 1),
        "budget-0-kind": "1",
        "budget-0-amount": "14500000",
        "budget-0-currency": "SEK",
        **_management("sectors", 1),
        "sectors-0-code": "15210",
        **_management("indicators", 2),
        "indicators-0-result": "გაძლიერებული შესაძლებლობები",
        "indicators-0-title": "გადამზადებული ოფიცრები",
        "indicators-0-measure": "1",
        "indicators-0-target": "200",
        "indicators-1-result": "გაძლიერებული შესაძლებლობები",
        "indicators-1-title": "ახალი სასწავლო კურსები",
        "indicators-1-measure": "1",
    }
    return data | overrides


def test_the_department_enters_a_project_with_its_parts_on_the_page(
    coordinator, donor, unit
) -> None:
    public = {"is_public": "on", "public_fields": ["budget", "goal"]}
    unknown = signed_in(coordinator).post(
        "/projects/new/", _project_form(donor, unit, public_fields=["budget", "secret"])
    )
    assert unknown.status_code == 400 and not Project.objects.exists()
    response = signed_in(coordinator).post("/projects/new/", _project_form(donor, unit, **public))
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.is_public and project.public_fields == ["budget", "goal"]
    assert {(p.role, p.donor_id, p.unit_id) for p in project.participants.all()} == {
        ("1", donor.pk, None),
        ("4", None, unit.pk),
    }
    assert project.budget_lines.get().amount == Decimal("14500000")
    result = project.results.get()
    assert [i.title for i in result.indicators.all()] == [
        "გადამზადებული ოფიცრები",
        "ახალი სასწავლო კურსები",
    ]
    page = signed_in(coordinator).get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'value="გადამზადებული ოფიცრები"' in page and 'value="14500000.00"' in page


def test_editing_keeps_reported_values_and_refuses_to_drop_a_reported_indicator(
    coordinator, donor, unit
) -> None:
    signed_in(coordinator).post("/projects/new/", _project_form(donor, unit))
    project = Project.objects.get()
    indicator = ResultIndicator.objects.get(title="გადამზადებული ოფიცრები")
    IndicatorActual.objects.create(
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        value=Decimal(40),
    )
    renamed = _project_form(donor, unit, **{"indicators-0-title": "გადამზადებული მესაზღვრეები"})
    assert signed_in(coordinator).post(f"/projects/{project.pk}/edit/", renamed).status_code == 302
    indicator.refresh_from_db()
    assert indicator.title == "გადამზადებული მესაზღვრეები" and indicator.actuals.count() == 1
    assert "results" in ProjectEdit.objects.get(project=project).changes

    # The page opened with both indicators' rows; the person sends none back.
    dropped = _project_form(
        donor, unit, **(_management("indicators", 0) | {"indicators-INITIAL_FORMS": "2"})
    )
    refused = signed_in(coordinator).post(f"/projects/{project.pk}/edit/", dropped)
    assert refused.status_code == 400
    assert "გადამზადებული მესაზღვრეები" in refused.content.decode()
    assert ResultIndicator.objects.filter(pk=indicator.pk).exists()


def test_only_the_department_opens_the_project_forms(focal_point, viewer) -> None:
    project = ProjectFactory.create()
    for user in (focal_point, viewer):
        assert signed_in(user).get("/projects/new/").status_code == 403
        assert signed_in(user).post(f"/projects/{project.pk}/edit/", {}).status_code == 403
        assert "/projects/new/" not in signed_in(user).get("/projects/").content.decode()


def test_a_participant_must_be_exactly_one_organisation(coordinator, donor, unit) -> None:
    both = _project_form(donor, unit, **{"participants-0-unit": str(unit.pk)})
    response = signed_in(coordinator).post("/projects/new/", both)
    assert response.status_code == 400 and not Project.objects.exists()
    assert 'value="საზღვრის მართვის გაძლიერება"' in response.content.decode()


def test_obligations_are_recorded_and_corrected_on_the_pages(
    coordinator, unit, focal_point
) -> None:
    project = ProjectFactory.create(created_by=coordinator)
    form = {
        "kind": "audit",
        "description": "ყოველწლიური აუდიტი",
        "responsible_unit": str(unit.pk),
        "due_date": "2027-03-31",
        "recurrence": "annual",
    }
    assert (
        signed_in(focal_point).post(f"/projects/{project.pk}/obligations/new/", form).status_code
        == 403
    )
    created = signed_in(coordinator).post(f"/projects/{project.pk}/obligations/new/", form)
    obligation = Obligation.objects.get()
    assert created["Location"] == f"/obligations/{obligation.pk}/"

    moved = signed_in(coordinator).post(
        f"/obligations/{obligation.pk}/edit/", form | {"due_date": "2027-04-30"}
    )
    assert moved.status_code == 302
    edit = obligation.edits.get()
    assert edit.changes == {"due_date": ["2027-03-31", "2027-04-30"]}
    history = signed_in(coordinator).get(f"/obligations/{obligation.pk}/").content.decode()
    assert "31.03.2027 → 30.04.2027" in history

    edit_link = f"/obligations/{obligation.pk}/edit/"
    assert (
        edit_link in signed_in(coordinator).get(f"/obligations/{obligation.pk}/").content.decode()
    )
    assert (
        edit_link
        not in signed_in(focal_point).get(f"/obligations/{obligation.pk}/").content.decode()
    )
    obligation_transition(
        obligation=obligation, user=coordinator, name="waive", comment="დონორმა გააუქმა"
    )
    assert (
        edit_link
        not in signed_in(coordinator).get(f"/obligations/{obligation.pk}/").content.decode()
    )
    settled = signed_in(coordinator).post(
        f"/obligations/{obligation.pk}/edit/", form | {"description": "სხვა"}
    )
    assert settled.status_code == 409
    obligation.refresh_from_db()
    assert obligation.description == "ყოველწლიური აუდიტი"


def test_project_documents_outside_obligation_reports(
    coordinator, focal_point, other_unit_focal_point, unit
) -> None:
    project = ProjectFactory.create(created_by=coordinator)
    ProjectParticipant.objects.create(project=project, role="4", unit=unit)
    pdf = SimpleUploadedFile("ხელშეკრულება.pdf", b"%PDF-1.7 agreement")
    response = signed_in(focal_point).post(
        f"/projects/{project.pk}/documents/", {"file": pdf, "description": "გრანტის ხელშეკრულება"}
    )
    assert response.status_code == 302
    document = ProjectDocument.objects.get()
    assert document.submission is None and document.description == "გრანტის ხელშეკრულება"
    page = signed_in(coordinator).get(f"/projects/{project.pk}/").content.decode()
    assert "ხელშეკრულება.pdf" in page
    download = signed_in(coordinator).get(f"/projects/{project.pk}/documents/{document.pk}/")
    assert streamed(download) == b"%PDF-1.7 agreement"

    outsider = signed_in(other_unit_focal_point).post(
        f"/projects/{project.pk}/documents/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1")}
    )
    assert outsider.status_code == 403
    disguised = signed_in(focal_point).post(
        f"/projects/{project.pk}/documents/",
        {"file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00"), "description": "ჩემი აღწერა"},
    )
    assert disguised.status_code == 400 and "ჩემი აღწერა" in disguised.content.decode()
    assert ProjectDocument.objects.count() == 1


def test_the_project_api_writes_through_the_service(coordinator, viewer, donor, unit) -> None:
    body = {
        "title_ka": "სამოქალაქო საზოგადოება",
        "status": "2",
        "participants": [
            {"role": "1", "donor": donor.pk},
            {"role": "partner", "name": "ევროპის ფონდი"},
        ],
        "budget_lines": [{"amount": "1000.00", "currency": "EUR"}],
        "results": [{"title": "შედეგი", "indicators": [{"title": "ანგარიშები", "target": "4"}]}],
    }
    assert client_for(viewer).post("/api/projects/", body, format="json").status_code == 403
    created = client_for(coordinator).post("/api/projects/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["budget_totals"] == {"EUR": "1000.00"}
    assert data["results"][0]["indicators"][0]["title"] == "ანგარიშები"

    patched = client_for(coordinator).patch(
        f"/api/projects/{data['id']}/", {"goal": "მონიტორინგი"}, format="json"
    )
    assert patched.status_code == 200 and len(patched.json()["participants"]) == 2
    edits = client_for(viewer).get(f"/api/projects/{data['id']}/edits/").json()
    assert edits[0]["changes"]["goal"] == ["", "მონიტორინგი"]
    bad = client_for(coordinator).patch(
        f"/api/projects/{data['id']}/",
        {"participants": [{"role": "1", "donor": donor.pk, "unit": unit.pk}]},
        format="json",
    )
    assert bad.status_code == 400
    assert Project.objects.get().participants.count() == 2


def test_progress_reports_over_the_api(coordinator, focal_point, viewer, unit) -> None:
    project = ProjectFactory.create(
        created_by=coordinator,
        next_report_due=datetime.date(2027, 1, 31),
        report_periodicity="monthly",
    )
    ProjectParticipant.objects.create(project=project, role="4", unit=unit)
    indicator = ResultIndicator.objects.create(
        result=ProjectResult.objects.create(project=project, title="შედეგი"), title="კურსები"
    )
    body = {
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "progress": "ჩატარდა 2 კურსი",
        "actuals": [{"indicator": indicator.pk, "value": "2"}],
    }
    url = f"/api/projects/{project.pk}/progress-reports/"
    assert client_for(viewer).post(url, body, format="json").status_code == 403
    submitted = client_for(focal_point).post(url, body, format="json")
    assert submitted.status_code == 201, submitted.content
    report = submitted.json()
    assert report["state"] == "submitted" and report["actuals"] == [
        {"indicator": indicator.pk, "value": "2.00"}
    ]

    decide = f"{url}{report['id']}/"
    assert client_for(focal_point).post(f"{decide}accept/", {}, format="json").status_code == 403
    assert (
        client_for(coordinator).post(f"{decide}return_for_revision/", {}, format="json").status_code
        == 400
    )
    accepted = client_for(coordinator).post(f"{decide}accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    assert client_for(coordinator).post(f"{decide}accept/", {}, format="json").status_code == 409
    project.refresh_from_db()
    assert project.next_report_due == datetime.date(2027, 2, 28)
    listed = client_for(viewer).get(url).json()
    assert [r["id"] for r in listed] == [report["id"]]


def test_obligation_corrections_are_listed_over_the_api(
    coordinator, viewer, make_obligation
) -> None:
    from projects.services.obligations import obligation_update

    obligation = make_obligation()
    obligation_update(
        obligation=obligation, user=coordinator, fields={"description": "შესწორებული"}
    )
    edits = client_for(viewer).get(f"/api/obligations/{obligation.pk}/edits/").json()
    assert [e["changes"] for e in edits] == [
        {"description": ["კვარტალური ანგარიში დონორს", "შესწორებული"]}
    ]
    assert edits[0]["actor"] == coordinator.display_name
