"""Reading a donor's IATI file: new activities offered as opportunities, known ones reconciled
side by side, and nothing created twice however often the file is read."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.errors import ActionBlocked, ActionForbidden
from core.models import User
from iati import export
from iati.matching import classify
from iati.models import IatiImport
from iati.reader import read_activities
from iati.reading import iati_import_create, iati_import_read
from iati.services import iati_activities_adopt, iati_project_reconcile
from projects.models import Project
from projects.selectors import budget_totals
from tests.factories import OpportunityFactory, ProjectFactory
from tests.iati.reading import read_file
from workflow.models import Opportunity

DONOR_FILE = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.02" generated-datetime="2026-10-01T00:00:00Z">
  <iati-activity default-currency="EUR" xml:lang="en">
    <iati-identifier>XI-IATI-EC_NEAR-2026-001</iati-identifier>
    <reporting-org ref="XI-IATI-EC_NEAR" type="10"><narrative>European Commission - NEAR</narrative></reporting-org>
    <title><narrative>Border management support II</narrative></title>
    <description><narrative>Second phase.</narrative></description>
    <participating-org role="1" ref="XI-IATI-EC_NEAR" type="10"><narrative>European Commission - NEAR</narrative></participating-org>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2026-01-15"/>
    <activity-date type="3" iso-date="2028-06-30"/>
    <budget type="1"><period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/><value value-date="2026-01-01">400000</value></budget>
    <budget type="2"><period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/><value value-date="2026-06-01">450000</value></budget>
  </iati-activity>
  <iati-activity default-currency="EUR" xml:lang="en">
    <iati-identifier>XI-IATI-EC_NEAR-2026-077</iati-identifier>
    <reporting-org ref="XI-IATI-EC_NEAR" type="10"><narrative>European Commission - NEAR</narrative></reporting-org>
    <title><narrative>Cybercrime unit equipment</narrative><narrative xml:lang="ka">კიბერდანაშაულის ერთეულის აღჭურვა</narrative></title>
    <participating-org role="1" ref="XI-IATI-EC_NEAR" type="10"><narrative>European Commission - NEAR</narrative></participating-org>
    <activity-status code="1"/>
    <activity-date type="1" iso-date="2027-02-01"/>
    <budget type="1"><period-start iso-date="2027-01-01"/><period-end iso-date="2027-12-31"/><value value-date="2027-01-01">250000</value></budget>
  </iati-activity>
  <iati-activity xml:lang="en">
    <iati-identifier>XI-IATI-EC_NEAR-2026-078</iati-identifier>
    <reporting-org ref="XI-IATI-EC_NEAR" type="10"><narrative>European Commission - NEAR</narrative></reporting-org>
    <title><narrative>Forensics training</narrative></title>
    <activity-status code="1"/>
  </iati-activity>
</iati-activities>
""".encode()


def test_reader_keeps_what_the_register_can_use() -> None:
    first, second, third = read_activities(DONOR_FILE)
    assert first.identifier == "XI-IATI-EC_NEAR-2026-001"
    assert first.title_en == "Border management support II"
    assert first.status == "2"
    assert (first.planned_start, first.planned_end) == ("2026-01-15", "2028-06-30")
    assert first.budget == {"EUR": "450000"}  # the revised budget replaces the original
    assert first.funder_ref == "XI-IATI-EC_NEAR"
    assert second.title_ka == "კიბერდანაშაულის ერთეულის აღჭურვა"
    assert third.budget == {}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not xml at all", "არ არის წაკითხვადი XML"),
        (b"<html><body/></html>", "არ არის IATI აქტივობების ფაილი"),
        (b'<iati-activities version="1.05"><iati-activity/></iati-activities>', "2.0x"),
        (
            b'<iati-activities version="2.03"><iati-activity/></iati-activities>',
            "იდენტიფიკატორიანი აქტივობა",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<iati-activities version="2.03"><iati-activity><iati-identifier>&e;</iati-identifier>'
            b"</iati-activity></iati-activities>",
            "DTD",
        ),
    ],
)
def test_reader_refuses_what_is_not_an_iati_file(data: bytes, reason: str) -> None:
    with pytest.raises(ActionBlocked, match=reason):
        read_activities(data)


def test_reimporting_creates_nothing_twice(
    public_project: Project,
    coordinator: User,
    unit,
    donor,
) -> None:
    first = read_file(coordinator, DONOR_FILE)
    assert first.schema_problems  # version 2.02 with missing parts: read all the same

    new, known = classify(first.records())
    assert [a.identifier for a in new] == ["XI-IATI-EC_NEAR-2026-077", "XI-IATI-EC_NEAR-2026-078"]
    assert [m.project for m in known] == [public_project]

    (opportunity,) = iati_activities_adopt(
        iati_import=first,
        identifiers=["XI-IATI-EC_NEAR-2026-077"],
        user=coordinator,
        owning_unit=unit,
        donor=donor,
        kind=Opportunity.Kind.EQUIPMENT,
    )
    assert opportunity.state == Opportunity.State.IDENTIFIED
    assert opportunity.title == "კიბერდანაშაულის ერთეულის აღჭურვა"
    assert (opportunity.estimated_value, opportunity.currency) == (250000, "EUR")

    with pytest.raises(ActionBlocked, match="უკვე რეესტრშია"):
        iati_activities_adopt(
            iati_import=first,
            identifiers=["XI-IATI-EC_NEAR-2026-077"],
            user=coordinator,
            owning_unit=unit,
            donor=donor,
            kind=Opportunity.Kind.EQUIPMENT,
        )

    second = read_file(coordinator, DONOR_FILE)
    new, known = classify(second.records())
    assert [a.identifier for a in new] == ["XI-IATI-EC_NEAR-2026-078"]
    assert {m.activity.identifier for m in known} == {
        "XI-IATI-EC_NEAR-2026-001",
        "XI-IATI-EC_NEAR-2026-077",
    }
    assert Opportunity.objects.filter(iati_identifier="XI-IATI-EC_NEAR-2026-077").count() == 1
    assert Project.objects.count() == 1


def test_our_own_export_reads_back_with_its_money_and_titles(
    public_project: Project, coordinator: User
) -> None:
    own = read_file(coordinator, export.published().xml)
    assert own.schema_problems == [] and own.problems == []
    (activity,) = own.records()
    # Published under the ministry's identifier; the donor's stays an other identifier.
    assert activity.identifier.startswith(f"{settings.IATI_REPORTING_ORG['ref']}-")
    assert activity.title_ka == public_project.title_ka
    assert activity.title_en == public_project.title_en
    totals = budget_totals(Project.objects.prefetch_related("budget_lines").get())
    assert {c: Decimal(t) for c, t in activity.budget.items()} == totals


def test_reconcile_shows_both_sides_and_takes_chosen_values(
    public_project: Project, coordinator: User
) -> None:

    batch = read_file(coordinator, DONOR_FILE)
    _new, (match,) = classify(batch.records())
    rows = {d.field: d for d in match.differences}
    assert rows["title_en"].register == "Border management support"
    assert rows["title_en"].file == "Border management support II"
    assert rows["planned_start"].register == "2026-01-01"
    assert rows["planned_start"].file == "2026-01-15"
    assert rows["budget"].register == "500000.00 EUR"
    assert rows["budget"].file == "450000.00 EUR"
    assert not rows["status"].differs

    iati_project_reconcile(
        iati_import=batch,
        identifier="XI-IATI-EC_NEAR-2026-001",
        user=coordinator,
        take=["title_en", "planned_start"],
    )
    public_project.refresh_from_db()
    assert public_project.title_en == "Border management support II"
    assert public_project.planned_start == datetime.date(2026, 1, 15)
    assert public_project.planned_end == datetime.date(2027, 12, 31)  # not chosen: kept
    edit = public_project.edits.get()
    assert set(edit.changes) == {"title_en", "planned_start"}

    with pytest.raises(ActionBlocked, match="ერთი მნიშვნელობა მაინც"):
        iati_project_reconcile(
            iati_import=batch, identifier="XI-IATI-EC_NEAR-2026-001", user=coordinator, take=[]
        )


def test_only_the_department_imports(focal_point: User) -> None:
    with pytest.raises(ActionForbidden):
        iati_import_create(user=focal_point, file_name="eu.xml", file=io.BytesIO(DONOR_FILE))


def test_import_pages(
    public_project: Project, coordinator: User, client: Client, unit, donor
) -> None:
    client.force_login(coordinator)
    upload = SimpleUploadedFile("eu.xml", DONOR_FILE, content_type="application/xml")
    response = client.post("/iati/import/", {"file": upload})
    batch = IatiImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/iati/import/{batch.pk}/"

    queued = client.get(f"/iati/import/{batch.pk}/").content.decode()
    assert 'id="progress"' in queued and 'http-equiv="refresh"' in queued
    iati_import_read(import_id=batch.pk)

    page = client.get(f"/iati/import/{batch.pk}/")
    html = page.content.decode()
    assert 'data-identifier="XI-IATI-EC_NEAR-2026-077"' in html
    assert 'http-equiv="refresh"' not in html
    compare = client.get(f"/iati/import/{batch.pk}/activities/{batch.rows.get(position=0).pk}/")
    html = compare.content.decode()
    assert "Border management support II" in html and "Border management support" in html

    response = client.post(
        f"/iati/import/{batch.pk}/adopt/",
        {
            "identifiers": ["XI-IATI-EC_NEAR-2026-077"],
            "owning_unit": unit.pk,
            "donor": donor.pk,
            "kind": "equipment",
            "shown": "held=false&page=1",
        },
    )
    assert response["Location"] == f"/iati/import/{batch.pk}/?held=false&page=1"
    assert response.status_code == 302
    assert Opportunity.objects.filter(iati_identifier="XI-IATI-EC_NEAR-2026-077").exists()

    response = client.post(
        f"/iati/import/{batch.pk}/reconcile/",
        {"identifier": "XI-IATI-EC_NEAR-2026-001", "take": ["planned_end"]},
    )
    assert (
        response["Location"]
        == f"/iati/import/{batch.pk}/activities/{batch.rows.get(position=0).pk}/"
    )
    public_project.refresh_from_db()
    assert public_project.planned_end == datetime.date(2028, 6, 30)

    bad = client.post("/iati/import/", {"file": SimpleUploadedFile("x.xml", b"<html/>")})
    assert bad.status_code == 400
    assert "არ არის IATI აქტივობების ფაილი" in bad.content.decode()
    assert IatiImport.objects.count() == 1


def test_import_pages_are_for_the_department(
    coordinator: User, focal_point: User, client: Client
) -> None:
    batch = read_file(coordinator, DONOR_FILE)
    client.force_login(focal_point)
    assert client.get("/iati/import/").status_code == 403
    assert client.get(f"/iati/import/{batch.pk}/").status_code == 403
    for action in ("adopt", "reconcile"):
        response = client.post(f"/iati/import/{batch.pk}/{action}/", {"identifier": "x"})
        assert response.status_code == 403
        assert "XI-IATI-EC_NEAR" not in response.content.decode()


def test_an_opportunity_matched_by_identifier_is_reconciled_as_its_project(
    coordinator: User,
    django_assert_max_num_queries,
) -> None:
    opportunities = [
        OpportunityFactory.create(iati_identifier=f"XI-IATI-EC_NEAR-2026-{n:03d}") for n in (77, 78)
    ]
    project = ProjectFactory.create(opportunity=opportunities[0], created_by=coordinator)
    with django_assert_max_num_queries(2):  # projects, then opportunities with their projects
        new, known = classify(read_activities(DONOR_FILE))
    assert [a.identifier for a in new] == ["XI-IATI-EC_NEAR-2026-001"]
    by_id = {m.activity.identifier: m for m in known}
    assert by_id["XI-IATI-EC_NEAR-2026-077"].project == project
    assert by_id["XI-IATI-EC_NEAR-2026-078"].project is None
    assert by_id["XI-IATI-EC_NEAR-2026-078"].opportunity == opportunities[1]


def test_import_page_names_public_projects_iati_cannot_take(
    coordinator: User, client: Client
) -> None:
    ProjectFactory.create(
        title_ka="უთარიღო პროექტი", is_public=True, public_fields=["goal"], created_by=coordinator
    )
    client.force_login(coordinator)
    page = client.get("/iati/import/").content.decode()
    assert "უთარიღო პროექტი" in page and "მას არ აქვს საჯარო დაწყების თარიღი" in page


def test_without_a_donor_chosen_each_activity_takes_the_donor_its_file_names(
    coordinator: User,
    unit,
    django_assert_max_num_queries,
) -> None:
    from iati.models import IatiActivity
    from iati.reader import Activity
    from tests.factories import DonorFactory

    by_ref = DonorFactory.create(name_ka="ევროკავშირი", iati_identifier="XI-IATI-EC_NEAR")
    by_name = DonorFactory.create(name_ka="იაპონია", name_en="JICA")
    activities = [
        Activity(identifier=f"EU-{n}", funder="Someone", funder_ref="XI-IATI-EC_NEAR")
        for n in range(3)
    ] + [Activity(identifier="JP-1", funder="JICA"), Activity(identifier="XX-1", funder="?")]
    batch = IatiImport.objects.create(created_by=coordinator, file_name="x.xml", status="ready")
    IatiActivity.objects.bulk_create(
        IatiActivity(**IatiActivity.columns(batch, n, a)) for n, a in enumerate(activities)
    )
    made = iati_activities_adopt(
        iati_import=batch,
        identifiers=["EU-0", "EU-1", "EU-2", "JP-1"],
        user=coordinator,
        owning_unit=unit,
        kind=Opportunity.Kind.GRANT,
    )
    assert [o.donor for o in made] == [by_ref, by_ref, by_ref, by_name]
    with pytest.raises(ActionBlocked, match="XX-1"):  # names no donor of the directory: all or none
        iati_activities_adopt(
            iati_import=batch,
            identifiers=["XX-1"],
            user=coordinator,
            owning_unit=unit,
            kind=Opportunity.Kind.GRANT,
        )
    assert not Opportunity.objects.filter(iati_identifier="XX-1").exists()


def _one_activity(budget: str = "1000", *, head: str = "", title: str = "Title") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}'
        '<iati-activities version="2.03"><iati-activity default-currency="EUR">'
        "<iati-identifier>XI-TEST-1</iati-identifier>"
        f"<title><narrative>{title}</narrative></title>"
        '<activity-date type="1" iso-date="2026-01-15"/>'
        f'<budget type="1"><value value-date="2026-01-01">{budget}</value></budget>'
        "</iati-activity></iati-activities>"
    ).encode()


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


@pytest.mark.parametrize(
    "data",
    [
        _one_activity(head=LAUGHS, title="&lol3;"),
        _one_activity(head='<!DOCTYPE x [<!ENTITY e "inner">]>', title="&e;"),
        _one_activity(head="<!DOCTYPE iati-activities>"),
    ],
)
def test_a_file_declaring_entities_or_a_dtd_is_refused(data: bytes) -> None:
    with pytest.raises(ActionBlocked, match="DTD"):
        read_activities(data)


@pytest.mark.parametrize("budget", ["1e999999", "9" * 400, "99999999999999.99", "NaN", "-Inf"])
def test_a_budget_beyond_any_amount_is_refused(budget: str) -> None:
    with pytest.raises(ActionBlocked, match="XI-TEST-1"):
        read_activities(_one_activity(budget))


def test_the_longest_amount_is_read(coordinator: User) -> None:
    (activity,) = read_activities(_one_activity("9999999999999.99"))
    assert activity.budget == {"EUR": "9999999999999.99"}


@pytest.mark.parametrize(
    "data",
    [_one_activity("1e999999"), _one_activity(head=LAUGHS, title="&lol3;")],
)
def test_the_import_page_refuses_them_with_a_georgian_reason(
    coordinator: User, client: Client, data: bytes
) -> None:
    client.force_login(coordinator)
    response = client.post(
        "/iati/import/", {"file": SimpleUploadedFile("x.xml", data, content_type="application/xml")}
    )
    if response.status_code == 302:  # what only reading shows is refused in the background
        batch = IatiImport.objects.get()
        iati_import_read(import_id=batch.pk)
        page = client.get(f"/iati/import/{batch.pk}/").content.decode()
        assert 'id="refusal"' in page and "XI-TEST-1" in page
        assert not batch.rows.exists()
    else:
        assert response.status_code == 400
        assert not IatiImport.objects.exists()


def test_a_refused_registration_keeps_the_page_its_filters_and_ticks(
    coordinator: User, client: Client, unit
) -> None:
    batch = read_file(coordinator, DONOR_FILE)
    client.force_login(coordinator)
    response = client.post(
        f"/iati/import/{batch.pk}/adopt/",
        {
            "identifiers": ["XI-IATI-EC_NEAR-2026-078"],  # its file names no donor of ours
            "owning_unit": unit.pk,
            "kind": "equipment",
            "shown": "held=false&q=Forensics",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "XI-IATI-EC_NEAR-2026-078" in html and "დონორი" in html
    assert 'value="XI-IATI-EC_NEAR-2026-078" id="pick-' in html and " checked>" in html
    assert f'action="/iati/import/{batch.pk}/" class="filters"' in html
    assert 'value="Forensics"' in html  # the filter as it was
    assert response.context["page"].paginator.count == 1


def test_a_filter_that_cannot_be_understood_lists_nothing(
    coordinator: User, client: Client
) -> None:
    batch = read_file(coordinator, DONOR_FILE)
    client.force_login(coordinator)
    page = client.get(f"/iati/import/{batch.pk}/", {"country": "' OR 1=1", "q": "Border"})
    assert page.context["page"].paginator.count == 0
    assert (
        client.get(f"/iati/import/{batch.pk}/", {"q": "Border"}).context["page"].paginator.count
        == 1
    )


def test_a_negative_total_is_no_estimate_and_a_refusal_names_its_activity(
    coordinator: User,
    unit,
    donor,
) -> None:
    batch = read_file(
        coordinator,
        b'<iati-activities version="2.03"><iati-activity default-currency="USD">'
        b"<iati-identifier>XX-ODD-ES</iati-identifier><title><narrative>Odd</narrative></title>"
        b'<budget><value value-date="2026-01-01">-5000</value></budget></iati-activity>'
        b"<iati-activity><iati-identifier>XX-ODD-2</iati-identifier></iati-activity>"
        b"</iati-activities>",
    )
    (opportunity,) = iati_activities_adopt(
        iati_import=batch,
        identifiers=["XX-ODD-ES"],
        user=coordinator,
        owning_unit=unit,
        donor=donor,
        kind=Opportunity.Kind.GRANT,
    )
    assert opportunity.estimated_value is None
    with pytest.raises(ActionBlocked, match=r"^XX-ODD-2: "):
        iati_activities_adopt(
            iati_import=batch,
            identifiers=["XX-ODD-2"],
            user=coordinator,
            owning_unit=unit,
            donor=donor,
            kind="no such kind",
        )


def test_an_upload_declaring_more_than_the_limit_is_refused_unread(
    coordinator: User,
    client: Client,
    settings,
) -> None:
    settings.DONORFLOW_IATI_UPLOAD_MAX_MB = 1
    client.force_login(coordinator)
    response = client.post(
        "/iati/import/",
        {"file": SimpleUploadedFile("big.xml", b" " * (2 * 1024 * 1024))},
    )
    assert response.status_code == 400 and 'id="file-refusal"' in response.content.decode()
    assert not IatiImport.objects.exists()


def test_repeated_identifiers_and_repeated_schema_faults_are_said_once(
    coordinator: User,
) -> None:
    activity = (
        '<iati-activity xml:lang="en" unknown="1"><iati-identifier>{}</iati-identifier>'
        "<title><narrative>T</narrative></title></iati-activity>"
    )
    data = (
        '<iati-activities version="2.03">'
        + "".join(activity.format(i) for i in ["A-1", "A-2", "A-1", "A-3", "A-2"])
        + "</iati-activities>"
    ).encode()
    batch = read_file(coordinator, data)
    assert [r.identifier for r in batch.records()] == ["A-1", "A-2", "A-3"]
    assert any(p.startswith("2 ") for p in batch.problems)  # two repeated identifiers
    unknown = [p for p in batch.schema_problems if "'unknown'" in p]
    assert len(unknown) == 1
