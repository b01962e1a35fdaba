"""Project and obligation register pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import (
    BudgetLine,
    IndicatorActual,
    Obligation,
    ProjectParticipant,
    ProjectResult,
    ResultIndicator,
)
from tests.factories import ProjectFactory
from tests.responses import streamed
from tests.web import opened_form, signed_in

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def project(coordinator, unit, donor):
    project = ProjectFactory.create(
        created_by=coordinator,
        title_ka="სასაზღვრო მართვის პროექტი",
        next_report_due=D(2026, 12, 31),
        report_periodicity="quarterly",
    )
    ProjectParticipant.objects.create(project=project, role="1", donor=donor)
    ProjectParticipant.objects.create(project=project, role="4", unit=unit)
    BudgetLine.objects.create(project=project, amount=Decimal("14500000"), currency="SEK")
    BudgetLine.objects.create(project=project, amount=Decimal("250000.5"), currency="EUR")
    return project


@pytest.fixture
def obligation(project, make_obligation):
    return make_obligation(
        project=project,
        kind="financial_report",
        description="ფინანსური ანგარიში",
        due_date=D(2026, 11, 1),
    )


def test_project_list_filters_by_status_and_text(project, coordinator, viewer) -> None:
    ProjectFactory.create(created_by=coordinator, title_ka="დახურული პროექტი", status="4")
    client = signed_in(viewer)
    page = client.get("/projects/?status=2").content.decode()
    assert "სასაზღვრო მართვის პროექტი" in page and "დახურული პროექტი" not in page
    page = client.get("/projects/?text=დახურული").content.decode()
    assert "დახურული პროექტი" in page and "სასაზღვრო მართვის" not in page


def test_project_page_shows_budget_totals_per_currency(project, viewer) -> None:
    page = signed_in(viewer).get(f"/projects/{project.pk}/").content.decode()
    assert "14 500 000.00 SEK" in page and "250 000.50 EUR" in page
    assert "ევროკავშირი" in page


def test_obligation_register_filters_overdue(obligation, project, make_obligation, viewer) -> None:
    make_obligation(project=project, description="აუდიტი მომავალში", due_date=D(2099, 1, 1))
    page = signed_in(viewer).get("/obligations/?overdue=true").content.decode()
    assert "ფინანსური ანგარიში" in page and "აუდიტი მომავალში" not in page


def test_focal_point_submits_and_coordinator_accepts(obligation, focal_point, coordinator) -> None:
    client = signed_in(focal_point)
    page = client.get(f"/obligations/{obligation.pk}/").content.decode()
    assert "წარდგენა" in page and "მიღება" not in page
    response = client.post(
        f"/obligations/{obligation.pk}/transitions/submit/",
        {
            "report": "ანგარიში თან ერთვის",
            "files": [SimpleUploadedFile("ანგარიში.pdf", b"%PDF-1.7\n")],
        },
    )
    assert response.status_code == 302
    response = signed_in(coordinator).post(f"/obligations/{obligation.pk}/transitions/accept/")
    assert response.status_code == 302
    obligation.refresh_from_db()
    assert obligation.state == "accepted"
    page = signed_in(coordinator).get(f"/obligations/{obligation.pk}/").content.decode()
    assert "ანგარიში თან ერთვის" in page and "ანგარიში.pdf" in page
    document = obligation.submissions.get().documents.get()
    url = f"/projects/{obligation.project.pk}/documents/{document.pk}/"
    assert url in page
    download = signed_in(coordinator).get(url)
    assert streamed(download) == b"%PDF-1.7\n"
    assert download["Content-Disposition"].startswith("attachment;")
    other = ProjectFactory.create(created_by=coordinator)
    assert (
        signed_in(coordinator).get(f"/projects/{other.pk}/documents/{document.pk}/").status_code
        == 404
    )


def test_a_refused_submission_keeps_what_was_typed(obligation, focal_point) -> None:
    response = signed_in(focal_point).post(
        f"/obligations/{obligation.pk}/transitions/submit/",
        {"report": "ჩემი ანგარიში", "files": [SimpleUploadedFile("virus.exe", b"MZ")]},
    )
    assert response.status_code == 400
    assert "ჩემი ანგარიში</textarea>" in response.content.decode()
    obligation.refresh_from_db()
    assert obligation.state == "open"


@pytest.mark.parametrize(
    ("who", "name"),
    [("other_unit_focal_point", "submit"), ("focal_point", "waive"), ("viewer", "submit")],
)
def test_others_see_no_action_and_posting_is_refused(who, name, request, obligation) -> None:
    client = signed_in(request.getfixturevalue(who))
    page = client.get(f"/obligations/{obligation.pk}/").content.decode()
    assert f"/transitions/{name}/" not in page
    response = client.post(
        f"/obligations/{obligation.pk}/transitions/{name}/", {"report": "x", "comment": "x"}
    )
    assert response.status_code == 403
    obligation.refresh_from_db()
    assert obligation.state == Obligation.State.OPEN


def test_progress_report_through_the_pages(
    project, focal_point, coordinator, other_unit_focal_point
) -> None:
    indicator = ResultIndicator.objects.create(
        result=ProjectResult.objects.create(project=project, title="შ"), title="პატრულები"
    )
    client = signed_in(focal_point)
    assert "პროგრესის ანგარიშის წარდგენა" in client.get(f"/projects/{project.pk}/").content.decode()
    bad = client.post(
        f"/projects/{project.pk}/progress/",
        {
            "period_start": "2026-10-01",
            "period_end": "2026-12-31",
            "progress": "x",
            f"actual-{indicator.pk}": "ოცი",
        },
    )
    assert bad.status_code == 400
    response = client.post(
        f"/projects/{project.pk}/progress/",
        {
            "period_start": "2026-10-01",
            "period_end": "2026-12-31",
            "progress": "გადამზადდა 20",
            f"actual-{indicator.pk}": "20,5",
        },
    )
    assert response.status_code == 302
    report = project.progress_reports.get()
    decide = f"/projects/{project.pk}/progress/{report.pk}/"
    assert decide not in client.get(f"/projects/{project.pk}/").content.decode()
    page = signed_in(coordinator).get(f"/projects/{project.pk}/").content.decode()
    assert f'action="{decide}accept/"' in page and "მივიღოთ ანგარიში?" in page
    assert f'action="{decide}return_for_revision/"' in page
    assert (
        signed_in(other_unit_focal_point)
        .post(f"/projects/{project.pk}/progress/{report.pk}/accept/")
        .status_code
        == 403
    )
    assert (
        signed_in(coordinator)
        .post(f"/projects/{project.pk}/progress/{report.pk}/accept/")
        .status_code
        == 302
    )
    assert decide not in signed_in(coordinator).get(f"/projects/{project.pk}/").content.decode()
    project.refresh_from_db()
    assert project.next_report_due == D(2027, 3, 31)
    assert IndicatorActual.objects.get().value == Decimal("20.5")


def test_editing_one_budget_line_keeps_the_lines_left_alone(project, coordinator) -> None:
    client = signed_in(coordinator)
    url = f"/projects/{project.pk}/edit/"
    form = opened_form(client, url) | {"budget-1-amount": "300000"}
    assert client.post(url, form).status_code == 302
    assert sorted((b.currency, b.amount) for b in project.budget_lines.all()) == [
        ("EUR", Decimal("300000")),
        ("SEK", Decimal("14500000")),
    ]
    assert [p.role for p in project.participants.all()] == ["1", "4"]


def test_accepting_a_recurring_obligation_says_so_and_when_the_next_report_is_due(
    project, make_obligation, focal_point, coordinator
) -> None:
    recurring = make_obligation(
        project=project, recurrence="quarterly", due_date=datetime.date(2027, 3, 31)
    )
    handed_in = signed_in(focal_point).post(
        f"/obligations/{recurring.pk}/transitions/submit/", {"report": "ანგარიში გაიგზავნა"}
    )
    assert handed_in.status_code == 302
    accepted = signed_in(coordinator).post(
        f"/obligations/{recurring.pk}/transitions/accept/", follow=True
    )
    page = accepted.content.decode()
    assert "მიღებულია. შემდეგი ანგარიშის ვადაა 30.06.2027." in page
    # Not the words of an obligation sent back to its unit.
    assert "ვალდებულება ახლა არის „შესასრულებელი“" not in page
