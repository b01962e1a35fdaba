"""A refused upload says why beside the file field, not only at the top of the page, and leaves
the person in the documents section with what else they typed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import ProjectDocument, ProjectParticipant
from tests.factories import ProjectFactory
from tests.web import signed_in
from workflow.models import Attachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"
WRONG_TYPE = "ამ ტიპის ფაილის ატვირთვა შეუძლებელია"
TOO_LARGE = "ფაილი აღემატება"


def _beside_the_file_field(page: str, reason: str, field: str) -> str:
    """The page's text from the file field to the end of its form, which must hold ``reason``."""
    start = page.index(f'id="{field}"')
    beside = page[start : page.index("</form>", start)]
    assert reason in beside, f"the reason is not beside the file field: {beside[:600]}"
    return beside


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (lambda: SimpleUploadedFile("programme.exe", b"MZ\x90\x00program"), WRONG_TYPE),
        (lambda: SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024)), TOO_LARGE),
    ],
    ids=["wrong type", "too large"],
)
def test_opportunity_attachment(settings, focal_point, make_opportunity, upload, reason) -> None:
    settings.DONORFLOW_UPLOAD_MAX_MB = 1
    opportunity = make_opportunity()
    response = signed_in(focal_point).post(
        f"/opportunities/{opportunity.pk}/attachments/",
        {"file": upload(), "description": "ხელშეკრულების პროექტი"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert reason in page[: page.index('id="attachments"')]  # the top of the page says it too
    beside = _beside_the_file_field(page, reason, "attachment-file")
    assert 'aria-invalid="true"' in page[page.index('id="attachment-file"') - 300 :][:600]
    assert 'value="ხელშეკრულების პროექტი"' in beside
    # The page answered is the item's, and sending again returns to its documents.
    assert f'action="/opportunities/{opportunity.pk}/attachments/#attachments"' in page
    assert opportunity.reference in page
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (lambda: SimpleUploadedFile("programme.exe", b"MZ\x90\x00program"), WRONG_TYPE),
        (lambda: SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024)), TOO_LARGE),
    ],
    ids=["wrong type", "too large"],
)
def test_project_document(settings, coordinator, unit, upload, reason) -> None:
    settings.DONORFLOW_UPLOAD_MAX_MB = 1
    project = ProjectFactory.create(created_by=coordinator, title_ka="სასაზღვრო პროექტი")
    ProjectParticipant.objects.create(project=project, role="4", unit=unit)
    response = signed_in(coordinator).post(
        f"/projects/{project.pk}/documents/",
        {"file": upload(), "description": "შუალედური ანგარიში"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    beside = _beside_the_file_field(page, reason, "id_file")
    assert 'value="შუალედური ანგარიში"' in beside
    section = page[page.index('id="documents"') :]
    assert '<details class="action" open>' in section[: section.index("</form>")]
    assert f'action="/projects/{project.pk}/documents/#documents"' in page
    assert not ProjectDocument.objects.exists()


def test_obligation_report_documents(focal_point, make_obligation) -> None:
    obligation = make_obligation()
    response = signed_in(focal_point).post(
        f"/obligations/{obligation.pk}/transitions/submit/",
        {"report": "კვარტალის ანგარიში", "files": [SimpleUploadedFile("virus.exe", b"MZ")]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    # The refused move's form stays open, its reason at its head, the report typed kept.
    form = page[page.index(f'action="/obligations/{obligation.pk}/transitions/submit/"') :]
    form = form[: form.index("</form>")]
    assert WRONG_TYPE in form and 'role="alert"' in form
    assert "კვარტალის ანგარიში</textarea>" in form
    before = page[: page.index(f'action="/obligations/{obligation.pk}/transitions/submit/"')]
    details = before[before.rindex("<details") :]
    assert details.startswith('<details class="action" open>')
    obligation.refresh_from_db()
    assert obligation.state == "open"
