"""Importing registers from XLSX and CSV: the dry run, idempotent re-import, refused rows and
broken files."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from core.errors import ActionBlocked, ActionForbidden, StateConflict
from imports.models import ImportBatch
from imports.services import import_apply, import_check
from needs.models import Need
from projects.models import Obligation, Project, ProjectEdit
from projects.services.obligations import obligation_transition
from tests.conftest import client_for
from tests.factories import ProjectFactory
from tests.web import signed_in
from trainings.models import Training

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], delimiter: str = ";") -> bytes:
    return "\n".join(delimiter.join(row) for row in rows).encode("utf-8-sig")


@pytest.fixture
def project_file(donor, unit) -> bytes:
    # Georgian headers, as the blank file has them; dates as real spreadsheet dates.
    return xlsx(
        [
            [
                "დასახელება (ქართულად)",
                "IATI იდენტიფიკატორი",
                "დამფინანსებელი",
                "განმახორციელებელი",
                "ფაქტობრივი დაწყება",
                "ბიუჯეტი",
                "ვალუტა",
                "სექტორები",
                "სამიზნე არეალები",
            ],
            [
                "საზღვრის მართვა",
                "SE-0-SE-6-1234",
                donor.code,
                unit.code,
                datetime.date(2023, 1, 1),
                14500000,
                "SEK",
                "15210; 15110",
                "კახეთი",
            ],
            [
                "სამოქალაქო საზოგადოება",
                "",
                donor.code,
                unit.code,
                "01.03.2024",
                "1 000 000,50",
                "EUR",
                "",
                "",
            ],
        ]
    )


def _outcomes(batch: ImportBatch) -> list[str]:
    return [row["outcome"] for row in batch.report["rows"]]


def test_a_dry_run_reports_each_row_and_writes_nothing(project_file, coordinator) -> None:
    batch = import_check(
        user=coordinator, register="projects", file_name="p.xlsx", content=project_file
    )
    assert _outcomes(batch) == ["created", "created"]
    assert batch.report["written"] is False and batch.state == ImportBatch.State.CHECKED
    assert [row["line"] for row in batch.report["rows"]] == [2, 3]
    assert Project.objects.count() == 0


def test_import_creates_then_reimport_creates_nothing_twice(
    project_file, coordinator, donor, unit
) -> None:
    first = import_check(
        user=coordinator, register="projects", file_name="p.xlsx", content=project_file
    )
    import_apply(batch=first, user=coordinator, valid_rows_only=False)
    project = Project.objects.get(iati_identifier="SE-0-SE-6-1234")
    assert project.actual_start == datetime.date(2023, 1, 1)
    assert [(b.amount, b.currency) for b in project.budget_lines.all()] == [
        (Decimal("14500000"), "SEK")
    ]
    assert {p.role for p in project.participants.all()} == {"1", "4"}
    assert sorted(s.code for s in project.sectors.all()) == ["15110", "15210"]
    assert [a.name_ka for a in project.target_areas.all()] == ["კახეთი"]
    second = Project.objects.get(title_ka="სამოქალაქო საზოგადოება")
    assert second.budget_lines.get().amount == Decimal("1000000.50")

    again = import_check(
        user=coordinator, register="projects", file_name="p.xlsx", content=project_file
    )
    assert _outcomes(again) == ["unchanged", "unchanged"]
    import_apply(batch=again, user=coordinator, valid_rows_only=False)
    assert Project.objects.count() == 2
    assert project.budget_lines.count() == 1 and project.participants.count() == 2
    assert ProjectEdit.objects.count() == 0

    with pytest.raises(StateConflict):
        import_apply(batch=again, user=coordinator, valid_rows_only=False)


def test_a_changed_cell_is_an_update_with_its_history(
    project_file, coordinator, donor, unit
) -> None:
    import_apply(
        batch=import_check(
            user=coordinator, register="projects", file_name="p.xlsx", content=project_file
        ),
        user=coordinator,
        valid_rows_only=False,
    )
    changed = xlsx(
        [
            ["title_ka", "iati_identifier", "goal"],
            ["საზღვრის მართვა (შესწორებული)", "SE-0-SE-6-1234", "მიზანი"],
        ]
    )
    batch = import_check(
        user=coordinator, register="projects", file_name="p2.xlsx", content=changed
    )
    assert _outcomes(batch) == ["updated"]
    import_apply(batch=batch, user=coordinator, valid_rows_only=False)
    edit = ProjectEdit.objects.get()
    assert edit.changes["title_ka"] == ["საზღვრის მართვა", "საზღვრის მართვა (შესწორებული)"]
    # Columns the file leaves out stay as they were.
    assert edit.project.budget_lines.count() == 1 and edit.project.sectors.count() == 2


@pytest.fixture
def obligation_csv(unit) -> bytes:
    ProjectFactory.create(title_ka="საზღვრის მართვა", iati_identifier="SE-1")
    return csv_bytes(
        [
            ["description", "project", "kind", "responsible_unit", "due_date", "recurrence"],
            [
                "კვარტალური ანგარიში",
                "SE-1",
                "narrative_report",
                unit.code,
                "31.03.2027",
                "quarterly",
            ],
            ["აუდიტი", "SE-1", "აუდიტი", unit.code, "2027-12-31", ""],
            ["ფინანსური", "SE-1", "financial_report", "no-such-unit", "31/13/2027", ""],
            ["", "უცნობი პროექტი", "oops", unit.code, "2027-01-01", ""],
        ]
    )


def test_refused_rows_block_the_import_unless_only_valid_rows_are_chosen(
    obligation_csv, coordinator
) -> None:
    batch = import_check(
        user=coordinator, register="obligations", file_name="o.csv", content=obligation_csv
    )
    rows = batch.report["rows"]
    assert [r["outcome"] for r in rows] == ["created", "created", "error", "error"]
    assert rows[2]["line"] == 4
    assert any("no-such-unit" in m for m in rows[2]["messages"])
    assert any("31/13/2027" in m for m in rows[2]["messages"])
    assert len(rows[3]["messages"]) == 3  # empty description, unknown project, unknown type

    with pytest.raises(ActionBlocked):
        import_apply(batch=batch, user=coordinator, valid_rows_only=False)
    assert Obligation.objects.count() == 0
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.CHECKED

    import_apply(batch=batch, user=coordinator, valid_rows_only=True)
    assert sorted(Obligation.objects.values_list("description", flat=True)) == [
        "აუდიტი",
        "კვარტალური ანგარიში",
    ]
    assert Obligation.objects.get(description="აუდიტი").kind == "audit"


def test_reimport_does_not_turn_back_an_advanced_recurring_obligation(
    obligation_csv, coordinator, focal_point
) -> None:
    import_apply(
        batch=import_check(
            user=coordinator, register="obligations", file_name="o.csv", content=obligation_csv
        ),
        user=coordinator,
        valid_rows_only=True,
    )
    quarterly = Obligation.objects.get(description="კვარტალური ანგარიში")
    obligation_transition(obligation=quarterly, user=focal_point, name="submit", report="ანგარიში")
    obligation_transition(obligation=quarterly, user=coordinator, name="accept")
    quarterly.refresh_from_db()
    assert quarterly.due_date == datetime.date(2027, 6, 30)

    again = import_check(
        user=coordinator, register="obligations", file_name="o.csv", content=obligation_csv
    )
    assert [r["outcome"] for r in again.report["rows"]][:2] == ["unchanged", "unchanged"]
    import_apply(batch=again, user=coordinator, valid_rows_only=True)
    quarterly.refresh_from_db()
    assert quarterly.due_date == datetime.date(2027, 6, 30)
    assert Obligation.objects.count() == 2


def test_needs_and_trainings_import_with_links(coordinator, unit, make_opportunity) -> None:
    opportunity = make_opportunity()
    needs = csv_bytes(
        [
            ["title", "source", "responsible_unit", "priority", "opportunities"],
            ["ლაბორატორია", "UN recommendation", unit.code, "მაღალი", opportunity.reference],
            ["არქივი", "aa", unit.name_ka, "", ""],
        ],
        delimiter=",",
    )
    batch = import_check(user=coordinator, register="needs", file_name="n.csv", content=needs)
    import_apply(batch=batch, user=coordinator, valid_rows_only=False)
    laboratory = Need.objects.get(title="ლაბორატორია")
    assert laboratory.source == "un" and laboratory.priority == "high"
    assert list(laboratory.opportunities.all()) == [opportunity]

    trainings = xlsx(
        [
            [
                "name",
                "organiser",
                "unit",
                "start_date",
                "end_date",
                "duration_days",
                "country",
                "women",
                "men",
            ],
            ["IBM", "FRONTEX", unit.code, "2026-03-02", "2026-03-06", 5, "პოლონეთი", 3, 4],
            ["IBM", "FRONTEX", unit.code, "2026-03-02", "2026-03-06", 5, "პოლონეთი", 3, 5],
        ]
    )
    batch = import_check(
        user=coordinator, register="trainings", file_name="t.xlsx", content=trainings
    )
    # The second row is the same training (name, start, unit): it updates what the first made.
    assert _outcomes(batch) == ["created", "updated"]
    import_apply(batch=batch, user=coordinator, valid_rows_only=False)
    assert Training.objects.get().men == 5


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.xlsx", b"PK\x03\x04 this is not a workbook", "XLSX"),
        ("renamed.xlsx", b"%PDF-1.7 a pdf", "XLSX"),
        ("empty.csv", b"", "empty"),
        (
            "old.csv",
            "title\nlabé".encode("latin-1"),
            "UTF-8",
        ),
        ("binary.csv", b"title\x00\x00\x00\nx", "CSV"),
        ("header-only.csv", b"title;source;responsible_unit\n", "no data"),
        ("blank.csv", b"\n;;\n", "no rows"),
        ("notes.docx", b"PK\x03\x04", "XLSX, XLS, ODS or CSV"),
        ("missing.csv", b"title;priority\nx;high\n", "source commitment"),
    ],
)
def test_broken_files_are_refused_with_a_reason(
    coordinator, name, content, reason, settings
) -> None:
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ActionBlocked) as refusal:
        import_check(user=coordinator, register="needs", file_name=name, content=content)
    assert reason in " ".join(refusal.value.messages)
    assert ImportBatch.objects.count() == 0


def test_an_oversized_file_is_refused(coordinator, settings) -> None:
    settings.DONORFLOW_UPLOAD_MAX_MB = 1
    with pytest.raises(ActionBlocked):
        import_check(
            user=coordinator,
            register="needs",
            file_name="big.csv",
            content=b"x" * (1024 * 1024 + 1),
        )


def test_only_coordinators_import(focal_point, unit) -> None:
    content = csv_bytes([["title", "source", "responsible_unit"], ["ა", "aa", unit.code]])
    with pytest.raises(ActionForbidden):
        import_check(user=focal_point, register="needs", file_name="n.csv", content=content)
    assert signed_in(focal_point).get("/imports/").status_code == 403
    upload = SimpleUploadedFile("n.csv", content)
    response = client_for(focal_point).post("/api/imports/", {"register": "needs", "file": upload})
    assert response.status_code == 403


def test_the_pages_check_then_import_and_the_blank_file_round_trips(coordinator, unit) -> None:
    client = signed_in(coordinator)
    blank = client.get("/imports/blank/needs.xlsx")
    assert blank.status_code == 200
    book = load_workbook(io.BytesIO(blank.content))
    sheet = book.active
    assert sheet is not None
    headers = [cell.value for cell in sheet[1]]
    assert headers[0] == "დასახელება"
    row = {
        "დასახელება": "ციფრული არქივი",
        "ვალდებულების წყარო": "aa",
        "პასუხისმგებელი ერთეული": unit.code,
    }
    sheet.append([row.get(str(h), "") for h in headers])
    filled = io.BytesIO()
    book.save(filled)

    checked = client.post(
        "/imports/",
        {"register": "needs", "file": SimpleUploadedFile("needs.xlsx", filled.getvalue())},
    )
    batch = ImportBatch.objects.get()
    assert checked.status_code == 302 and checked["Location"] == f"/imports/{batch.pk}/"
    report = client.get(checked["Location"]).content.decode()
    assert "ციფრული არქივი" in report and 'data-count="created">1<' in report
    assert Need.objects.count() == 0
    imported = client.post(f"/imports/{batch.pk}/import/")
    assert imported.status_code == 302
    assert Need.objects.get().title == "ციფრული არქივი"
    assert "<td>საჭიროებების სია</td>" in client.get("/imports/").content.decode()

    refused = client.post(
        "/imports/", {"register": "needs", "file": SimpleUploadedFile("x.pdf", b"%PDF")}
    )
    assert refused.status_code == 400 and "XLSX" in refused.content.decode()


def test_the_api_checks_then_imports(coordinator, unit) -> None:
    content = csv_bytes(
        [["title", "source", "responsible_unit"], ["ა", "aa", unit.code], ["ბ", "nato", unit.code]]
    )
    api = client_for(coordinator)
    created = api.post(
        "/api/imports/",
        {"register": "needs", "file": SimpleUploadedFile("n.csv", content)},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["report"]["counts"] == {"created": 1, "error": 1}
    refused = api.post(f"/api/imports/{body['id']}/import/", {}, format="json")
    assert refused.status_code == 400 and Need.objects.count() == 0
    done = api.post(f"/api/imports/{body['id']}/import/", {"valid_rows_only": True}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "imported"
    assert list(Need.objects.values_list("title", flat=True)) == ["ა"]


def test_the_command_runs_a_dry_run_then_imports(coordinator, unit, tmp_path) -> None:
    path = tmp_path / "needs.csv"
    path.write_bytes(csv_bytes([["title", "source", "responsible_unit"], ["ა", "aa", unit.code]]))
    out = io.StringIO()
    call_command(
        "import_register",
        "needs",
        str(path),
        "--user",
        "coordinator",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "created: 1 (dry run, nothing written" in out.getvalue() and Need.objects.count() == 0
    out = io.StringIO()
    call_command(
        "import_register",
        "needs",
        str(path),
        "--user",
        "coordinator",
        "--apply",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "(imported;" in out.getvalue() and Need.objects.count() == 1


def test_an_oversized_upload_is_refused_on_the_page_without_reading_it_whole(
    coordinator, settings
) -> None:
    settings.DONORFLOW_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.csv", b"title\n" + b"x" * (3 * 1024 * 1024))
    response = signed_in(coordinator).post("/imports/", {"register": "needs", "file": big})
    assert response.status_code == 400 and ImportBatch.objects.count() == 0
    from imports.services import read_upload

    assert len(read_upload(io.BytesIO(b"y" * (3 * 1024 * 1024)))) == 1024 * 1024 + 1
