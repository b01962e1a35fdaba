"""The IATI file: valid against the official 2.03 schema, every code from the IATI codelists,
and nothing in it that the ministry has not chosen to publish."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from lxml import etree

from core.codelists import active_codes
from core.models import User
from iati import export
from projects.models import Project
from tests.factories import ProjectFactory

ROOT = Path(__file__).resolve().parents[2]

# The official files as published by IATI (see iati/schemas and core/codelists): the copies in
# the repository must be byte for byte the originals, so the checks below check against IATI.
ORIGINALS = {
    "iati/schemas/iati-activities-schema.xsd": "62c91a66c82ee26864d5e6c3f4bd6358de14d3aec69bc649db85da9f9a0792bc",
    "iati/schemas/iati-common.xsd": "322692e4ea1f4434b154855f381eb4bd972aaa2e1349dfaf9578b775ad6c9c6b",
    "iati/schemas/xml.xsd": "61960fb3131e38022caad5360e2f33a3382578ab3c80cd58bd74320ede61b20c",
    "core/codelists/ActivityDateType.xml": "2797f5fd9c5a60101a00ee44934068063d85dd91fd25643f234a31cb96655195",
    "core/codelists/ActivityStatus.xml": "8ebc8ace71ee1bd8d004e4bbffaf0fab45979532a054ad96a5815cb918597cea",
    "core/codelists/BudgetType.xml": "f6792c2753a27c5354b1a182a8f5f5dd68a955a5021325970ad3c51bf7003bb3",
    "core/codelists/Currency.xml": "ac7b58ff8e96fe83abdaea89bd522a55f00676d0030c3b02159178f620a77c66",
    "core/codelists/IndicatorMeasure.xml": "f490099e052196eea448ed9eaf6ede2ed517e384f8f14850a9b4bca95c31579e",
    "core/codelists/OrganisationRole.xml": "fa872338304c37708f633cb4c5cde75a1304f2f155b05d8c2fc1f16504b91893",
    "core/codelists/OrganisationType.xml": "4dfbab053668d5c39c49349f1afb583a63ced5b9a556e0481684cc90502c3166",
    "core/codelists/Sector.xml": "dee9822a37b350c494e7db03e1d29eff36ecbef0aa3b63b773f7d9451c39a532",
}

# Where each coded attribute of the file takes its values from.
CODED = {
    ("activity-status", "code"): "ActivityStatus",
    ("activity-date", "type"): "ActivityDateType",
    ("budget", "type"): "BudgetType",
    ("value", "currency"): "Currency",
    ("participating-org", "role"): "OrganisationRole",
    ("participating-org", "type"): "OrganisationType",
    ("reporting-org", "type"): "OrganisationType",
    ("sector", "code"): "Sector",
    ("indicator", "measure"): "IndicatorMeasure",
}


@pytest.mark.parametrize("path", sorted(ORIGINALS))
def test_shipped_schemas_and_codelists_are_the_official_files(path: str) -> None:
    assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest() == ORIGINALS[path]


def test_export_validates_against_the_iati_203_schema(public_project: Project) -> None:
    result = export.published()
    assert result.written == [public_project]
    assert export.validation_errors(result.xml) == []
    root = etree.fromstring(result.xml)
    assert root.get("version") == "2.03"
    activity = root.find("iati-activity")
    assert activity.findtext("iati-identifier") == f"GE-MIA-{public_project.pk}"
    assert activity.find("other-identifier").get("ref") == "XI-IATI-EC_NEAR-2026-001"
    assert activity.find("participating-org[@role='1']").get("ref") == "XI-IATI-EC_NEAR"
    assert activity.find("budget/value").text == "500000"
    assert activity.find("result/indicator/period/actual").get("value") == "45"
    assert activity.find("location/name/narrative").text == "Kakheti"


def test_every_code_in_the_file_is_in_its_iati_codelist(public_project: Project) -> None:
    root = etree.fromstring(export.published().xml)
    seen = set()
    for (tag, attribute), codelist in CODED.items():
        for element in root.iter(tag):
            value = element.get(attribute)
            if value is None:
                continue
            assert value in active_codes(codelist), (tag, attribute, value)
            seen.add((tag, attribute))
    assert seen == set(CODED)  # the sample exercises every coded attribute


def test_unpublished_projects_and_fields_stay_out(
    public_project: Project, coordinator: User
) -> None:
    ProjectFactory.create(title_ka="შიდა პროექტი", is_public=False, created_by=coordinator)
    # Dates and sectors are what IATI needs of every activity.
    public_project.public_fields = ["dates", "sectors"]
    public_project.save()
    xml = export.published().xml
    assert export.validation_errors(xml) == []
    text = xml.decode()
    assert "შიდა პროექტი" not in text
    assert "Border management support" not in text  # the English title was not chosen
    assert "500000" not in text and "<budget" not in text
    assert "<result" not in text and "Kakheti" not in text
    assert 'XI-IATI-EC_NEAR"' not in text  # no participants: the ministry stands in
    assert 'participating-org ref="GE-MIA" type="10" role="2"' in text
    assert "<owner-org" not in text  # nor does the donor behind the donor's identifier


def test_a_public_project_without_a_public_date_is_reported_not_written(
    coordinator: User,
) -> None:
    project = ProjectFactory.create(is_public=True, public_fields=["goal"], created_by=coordinator)
    result = export.published()
    assert result.written == []
    assert [p for p, _reason in result.skipped] == [project]
    with pytest.raises(CommandError, match="No public project"):
        call_command("export_iati", "--output", "unused.xml")


def test_the_ministry_identifier_is_published_whether_or_not_a_donor_gave_one(
    public_project: Project,
) -> None:
    public_project.iati_identifier = ""
    public_project.save()
    root = etree.fromstring(export.published().xml)
    assert root.findtext("iati-activity/iati-identifier") == f"GE-MIA-{public_project.pk}"
    assert root.find("iati-activity/other-identifier") is None


def test_export_command_writes_the_file(public_project: Project, tmp_path: Path, capsys) -> None:
    target = tmp_path / "activities.xml"
    call_command("export_iati", "--output", str(target))
    assert export.validation_errors(target.read_bytes()) == []
    assert "XI-IATI-EC_NEAR-2026-001" in target.read_text(encoding="utf-8")
    assert capsys.readouterr().out.startswith("Wrote 1 activities to ")


def test_download_in_the_app(public_project: Project, viewer: User, client: Client) -> None:
    client.force_login(viewer)
    response = client.get("/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert export.validation_errors(response.content) == []


def test_download_with_nothing_to_publish_says_so(viewer: User, client: Client) -> None:
    client.force_login(viewer)
    response = client.get("/iati/activities.xml", follow=True)
    assert response.redirect_chain[-1][0] == "/projects/"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
