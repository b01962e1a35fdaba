"""The published file keeps the IATI Rulesets: the demo's file, and any project the pages or
the API accept. A public project that would break a rule is not written but listed with the
reason, so the ministry can put it right."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from lxml import etree

from core.models import Donor, OrganisationalUnit, User
from iati import export, rulesets
from projects.models import (
    Area,
    BudgetLine,
    IndicatorActual,
    Project,
    ProjectResult,
    ResultIndicator,
)
from tests.conftest import client_for
from tests.factories import ProjectFactory
from tests.web import signed_in

pytestmark = pytest.mark.django_db

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EVERY_FIELD = [name for name, _label in Project.PUBLISHABLE_FIELDS]


def _findings(xml: bytes) -> list[str]:
    return [str(finding) for finding in rulesets.findings(xml)]


def _published(project: Project) -> tuple[export.Export, etree._Element]:
    result = export.build([Project.objects.get(pk=project.pk)])
    assert result.skipped == [] and result.written == [project]
    assert export.validation_errors(result.xml) == []
    assert _findings(result.xml) == []
    (activity,) = etree.fromstring(result.xml).findall("iati-activity")
    return result, activity


def _reasons(project: Project) -> str:
    """Why the project is left out of the file, in English; the page listing them says the same."""
    with translation.override("en"):
        result = export.build([Project.objects.get(pk=project.pk)])
        listed = export.unpublishable([Project.objects.get(pk=project.pk)])
    assert result.written == []
    ((skipped, reason),) = result.skipped
    assert skipped == project and listed == [(project, reason)]
    return reason


def test_the_demo_file_keeps_every_rule() -> None:
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())
    result = export.published()
    public = list(Project.objects.filter(is_public=True).order_by("pk"))
    assert public and result.written == public and result.skipped == []
    assert export.validation_errors(result.xml) == []
    assert _findings(result.xml) == []


# --- Projects entered on the page and over the API ------------------------------------------


@pytest.fixture
def funder(donor: Donor) -> Donor:
    donor.iati_identifier = "XI-IATI-EC_NEAR"
    donor.save()
    return donor


@pytest.fixture
def region() -> Area:
    area, _created = Area.objects.get_or_create(
        kind=Area.Kind.REGION, name_ka="კახეთი", defaults={"name_en": "Kakheti"}
    )
    return area


def _rows(prefix: str, rows: list[dict[str, str]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def _page(funder: Donor, unit: OrganisationalUnit, region: Area, **changes: Any) -> dict[str, Any]:
    """A public project with every part IATI carries, all of it published."""
    data = {
        "title_ka": "სასაზღვრო მართვის გაძლიერება",
        "title_en": "Border management support",
        "iati_identifier": "XI-IATI-EC_NEAR-2025-007",
        "status": "2",
        "report_periodicity": "quarterly",
        "planned_start": "2025-01-01",
        "planned_end": "2026-12-31",
        "actual_start": "2025-02-01",
        "goal": "საზღვრის მართვის შესაძლებლობების გაძლიერება",
        "target_areas": [str(region.pk)],
        "is_public": "on",
        "public_fields": EVERY_FIELD,
        **_rows(
            "participants",
            [
                {"role": "1", "donor": str(funder.pk)},
                {"role": "4", "unit": str(unit.pk)},
                {"role": "3", "name": "სასაზღვრო პოლიციის ფონდი"},
            ],
        ),
        **_rows(
            "budget",
            [
                {
                    "kind": "1",
                    "amount": "300000",
                    "currency": "EUR",
                    "period_start": "2025-01-01",
                    "period_end": "2025-12-31",
                },
                {
                    "kind": "1",
                    "amount": "200000",
                    "currency": "EUR",
                    "period_start": "2026-01-01",
                    "period_end": "2026-12-31",
                },
            ],
        ),
        **_rows(
            "sectors",
            [{"code": "15210", "percentage": "60"}, {"code": "15110", "percentage": "40"}],
        ),
        **_rows(
            "indicators",
            [
                {
                    "result": "გადამზადებული ოფიცრები",
                    "title": "ოფიცრების რაოდენობა",
                    "measure": "1",
                    "baseline": "0",
                    "target": "120",
                },
                {
                    "result": "გადამზადებული ოფიცრები",
                    "title": "სწავლების ხარისხი",
                    "measure": "5",
                },
            ],
        ),
    }
    return data | changes


def test_a_project_entered_on_the_page_is_published_keeping_every_rule(
    coordinator: User, funder: Donor, unit: OrganisationalUnit, region: Area
) -> None:
    response = signed_in(coordinator).post("/projects/new/", _page(funder, unit, region))
    assert response.status_code == 302, response.content.decode()
    project = Project.objects.get()
    _result, activity = _published(project)

    # Our identifier; the donor's beside it, owned by the donor it starts with.
    assert activity.findtext("iati-identifier") == f"GE-MIA-{project.pk}"
    other = activity.find("other-identifier")
    assert (other.get("ref"), other.get("type")) == ("XI-IATI-EC_NEAR-2025-007", "A9")
    assert other.find("owner-org").get("ref") == "XI-IATI-EC_NEAR"
    # Every narrative says its language; Georgian ones say Georgian.
    for narrative in activity.iter("narrative"):
        georgian = export.GEORGIAN.search(narrative.text or "") is not None
        assert narrative.get(XML_LANG) == ("ka" if georgian else "en"), narrative.text
    named = activity.find("participating-org[@role='3']/narrative")
    assert (named.text, named.get(XML_LANG)) == ("სასაზღვრო პოლიციის ფონდი", "ka")
    assert [s.get("percentage") for s in activity.findall("sector")] == ["40", "60"]
    assert len(activity.findall("budget")) == 2
    quantitative, qualitative = activity.findall("result/indicator")
    assert quantitative.find("period/target").get("value") == "120"
    assert qualitative.get("measure") == "5" and qualitative.find("baseline") is None
    assert qualitative.find("period") is None


def test_a_project_entered_over_the_api_is_published_keeping_every_rule(
    coordinator: User, funder: Donor, unit: OrganisationalUnit, region: Area
) -> None:
    body = {
        "title_ka": "კიბერდანაშაულის ერთეულის აღჭურვა",
        "status": "2",
        "planned_start": "2026-03-01",
        "planned_end": "2027-02-28",
        "target_areas": [region.pk],
        "participants": [
            {"role": "1", "donor": funder.pk},
            {"role": "4", "unit": unit.pk},
            {"role": "4", "name": "Forensic Services Ltd"},
        ],
        "sectors": [{"code": "15210"}],
        "budget_lines": [{"amount": "1000.00", "currency": "EUR"}],
        "results": [
            {
                "title": "აღჭურვილი ლაბორატორია",
                "indicators": [
                    {"title": "ლაბორატორიები", "measure": "1", "baseline": "0", "target": "2"},
                    {"title": "მომსახურების ხარისხი", "measure": "5"},
                ],
            }
        ],
        "is_public": True,
        "public_fields": EVERY_FIELD,
    }
    created = client_for(coordinator).post("/api/projects/", body, format="json")
    assert created.status_code == 201, created.content
    project = Project.objects.get()
    _result, activity = _published(project)
    # The line without a period is published for the project's own year.
    period = activity.find("budget/period-end").get("iso-date")
    assert (activity.find("budget/period-start").get("iso-date"), period) == (
        "2026-03-01",
        "2027-02-28",
    )
    named = activity.find("participating-org[@role='4'][narrative='Forensic Services Ltd']")
    assert named.find("narrative").get(XML_LANG) == "en"
    assert activity.find("other-identifier") is None


REFUSED_ON_THE_PAGE = {
    "a budget line of three years": {
        "budget-0-period_start": "2025-01-01",
        "budget-0-period_end": "2027-12-31",
    },
    "shares adding to 90": {"sectors-1-percentage": "30"},
    "a share left out": {"sectors-1-percentage": ""},
    "a single sector with a share of 60": _rows("sectors", [{"code": "15210", "percentage": "60"}]),
    "a share over 100": _rows("sectors", [{"code": "15210", "percentage": "120"}]),
    "a target on a qualitative indicator": {"indicators-1-target": "3"},
    "a baseline on a qualitative indicator": {"indicators-1-baseline": "1"},
    "an actual start after today": {"actual_start": "2099-01-01"},
}


@pytest.mark.parametrize("case", sorted(REFUSED_ON_THE_PAGE))
def test_the_page_refuses_what_would_break_a_rule(
    case: str, coordinator: User, funder: Donor, unit: OrganisationalUnit, region: Area
) -> None:
    data = _page(funder, unit, region, **REFUSED_ON_THE_PAGE[case])
    response = signed_in(coordinator).post("/projects/new/", data)
    assert response.status_code == 400
    assert not Project.objects.exists()


def test_several_sectors_without_shares_are_kept_but_not_published(
    coordinator: User, funder: Donor, unit: OrganisationalUnit, region: Area
) -> None:
    shareless = _rows(
        "sectors", [{"code": "15210", "percentage": ""}, {"code": "15110", "percentage": ""}]
    )
    internal = _page(funder, unit, region, is_public="", **shareless)
    assert signed_in(coordinator).post("/projects/new/", internal).status_code == 302
    project = Project.objects.get()

    # Publishing them is refused, on the page and over the API.
    edit = _page(funder, unit, region, **shareless)
    response = signed_in(coordinator).post(f"/projects/{project.pk}/edit/", edit)
    assert response.status_code == 400
    with translation.override("ka"):  # the page's language
        said = translation.gettext("When several sectors are listed, each needs its share.")
    assert said in response.content.decode()
    api = client_for(coordinator).patch(
        f"/api/projects/{project.pk}/", {"is_public": True}, format="json"
    )
    assert api.status_code == 400
    assert not Project.objects.get(pk=project.pk).is_public


def test_the_api_refuses_what_would_break_a_rule(coordinator: User) -> None:
    base = {"title_ka": "პროექტი", "status": "2"}
    refused: list[dict[str, object]] = [
        {
            "budget_lines": [
                {
                    "amount": "1",
                    "currency": "EUR",
                    "period_start": "2024-01-01",
                    "period_end": "2025-01-01",  # 366 days: 2024 is a leap year
                }
            ]
        },
        {"sectors": [{"code": "15210", "percentage": "50"}, {"code": "15110", "percentage": "40"}]},
        {
            "results": [
                {
                    "title": "შედეგი",
                    "indicators": [{"title": "ხარისხი", "measure": "5", "target": "1"}],
                }
            ]
        },
    ]
    for part in refused:
        response = client_for(coordinator).post("/api/projects/", base | part, format="json")
        assert response.status_code == 400, part
    assert not Project.objects.exists()
    whole_year = {
        "budget_lines": [
            {
                "amount": "1",
                "currency": "EUR",
                "period_start": "2023-03-01",
                "period_end": "2024-02-29",
            }
        ]
    }
    assert (
        client_for(coordinator).post("/api/projects/", base | whole_year, format="json").status_code
        == 201
    )


# --- Public projects stored before the rules were checked -----------------------------------


def test_a_public_project_without_public_sectors_is_listed(public_project: Project) -> None:
    public_project.public_fields = [f for f in EVERY_FIELD if f != "sectors"]
    public_project.save()
    assert _reasons(public_project) == "it has no public sector"
    public_project.public_fields = EVERY_FIELD
    public_project.save()
    public_project.sectors.all().delete()
    assert _reasons(public_project) == "it has no public sector"


def test_a_budget_line_longer_than_a_year_is_listed(public_project: Project) -> None:
    line = public_project.budget_lines.get()
    line.period_end = datetime.date(2028, 12, 31)
    line.save()
    assert _reasons(public_project) == "a budget line has no period of at most a year"
    line.period_start = line.period_end = None
    line.save()  # the project's own dates stand in: 2026-02-01 to 2027-12-31
    assert _reasons(public_project) == "a budget line has no period of at most a year"


def test_sector_shares_not_adding_to_100_are_listed(public_project: Project) -> None:
    public_project.sectors.update(percentage=Decimal(60))
    public_project.sectors.create(code="15110", percentage=Decimal(30))
    assert _reasons(public_project) == "its sectors' shares do not add up to 100%"


def test_an_actual_date_after_today_is_listed(public_project: Project) -> None:
    public_project.actual_end = datetime.date(2099, 1, 1)
    public_project.planned_end = datetime.date(2099, 1, 1)
    public_project.save()
    assert _reasons(public_project) == "its actual start or end date is later than today"


def test_no_start_date_is_listed_with_every_other_reason(public_project: Project) -> None:
    Project.objects.filter(pk=public_project.pk).update(
        planned_start=None, actual_start=None, public_fields=["dates", "goal"]
    )
    assert _reasons(public_project) == "it has no public start date; it has no public sector"


def test_numbers_stored_on_a_qualitative_indicator_are_not_published(
    public_project: Project,
) -> None:
    ResultIndicator.objects.update(measure="5")
    _result, activity = _published(public_project)
    indicator = activity.find("result/indicator")
    assert indicator.get("measure") == "5" and len(indicator) == 1  # its title only
    assert ResultIndicator.objects.get().target == 120  # kept in the register


def test_the_donors_identifier_is_published_beside_ours(public_project: Project) -> None:
    _result, activity = _published(public_project)
    assert activity.findtext("iati-identifier") == f"GE-MIA-{public_project.pk}"
    other = activity.find("other-identifier")
    assert other.get("ref") == "XI-IATI-EC_NEAR-2026-001"
    owner = other.find("owner-org")
    assert owner.get("ref") == "XI-IATI-EC_NEAR" and owner.find("narrative") is not None

    public_project.public_fields = [f for f in EVERY_FIELD if f != "participants"]
    public_project.save()
    _result, activity = _published(public_project)
    assert activity.find("other-identifier").get("ref") == "XI-IATI-EC_NEAR-2026-001"
    assert activity.find("other-identifier/owner-org") is None


def test_a_break_no_reason_foresees_still_keeps_the_project_out(
    public_project: Project,
) -> None:
    # An actual reported for a period that ends before it starts (rule 8.6.1).
    IndicatorActual.objects.update(
        period_start=datetime.date(2026, 6, 30), period_end=datetime.date(2026, 2, 1)
    )
    assert _reasons(public_project) == "it breaks the IATI rules 8.6.1"


def test_only_the_project_that_breaks_a_rule_is_left_out(
    public_project: Project, coordinator: User
) -> None:
    other = ProjectFactory.create(
        is_public=True,
        public_fields=["dates", "sectors", "budget"],
        planned_start=datetime.date(2025, 1, 1),
        created_by=coordinator,
    )
    other.sectors.create(code="15110")
    BudgetLine.objects.create(
        project=other,
        amount=Decimal(10),
        currency="GEL",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2027, 1, 1),
    )
    ProjectResult.objects.create(project=other, title="შედეგი")
    with translation.override("en"):
        result = export.published()
    assert result.written == [public_project]
    assert result.skipped == [(other, "a budget line has no period of at most a year")]
    assert _findings(result.xml) == []
