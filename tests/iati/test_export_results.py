"""A project's results in the IATI file: each result with its indicators' baseline, target and
actuals, and, where an indicator serves a commitment of the state, a reference naming the
commitment in the ministry's own vocabulary. The file stays valid and keeps every rule."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from commitments.models import Commitment, Framework, Indicator
from core.models import OrganisationalUnit, User
from iati import export, rulesets
from projects.models import IndicatorActual, Project, ProjectResult, ResultIndicator
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def serving(project: Project, coordinator: User, reference: str = "14.2") -> ResultIndicator:
    """A result of ``project`` whose indicator serves an indicator of an EU commitment."""
    commitment = Commitment.objects.create(
        framework=Framework.objects.get(code="eu-aa"),
        reference=reference,
        text_ka="სასაზღვრო თანამშრომლობა",
        responsible_unit=OrganisationalUnit.objects.get(project_roles__project=project),
        created_by=coordinator,
    )
    served = Indicator.objects.create(
        commitment=commitment, name="გადამზადებული მესაზღვრეები", target=Decimal(500)
    )
    result = ProjectResult.objects.create(
        project=project,
        title="გაძლიერებული სასაზღვრო კონტროლი",
        description="მესაზღვრეები გადამზადებულია ევროკავშირის სტანდარტებით",
        position=1,
    )
    indicator = ResultIndicator.objects.create(
        result=result,
        title="გადამზადებული მესაზღვრეები",
        baseline=Decimal(10),
        target=Decimal(200),
        serves=served,
    )
    IndicatorActual.objects.create(
        indicator=indicator,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 6, 30),
        value=Decimal(80),
    )
    IndicatorActual.objects.create(
        indicator=indicator,
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 12, 31),
        value=Decimal("120.5"),
    )
    return indicator


def published_activity(xml: bytes) -> etree._Element:
    assert export.validation_errors(xml) == []
    assert [str(finding) for finding in rulesets.findings(xml)] == []
    (activity,) = etree.fromstring(xml).findall("iati-activity")
    return activity


def test_a_result_serving_a_commitment_names_it_beside_its_figures(
    public_project: Project, coordinator: User
) -> None:
    serving(public_project, coordinator)
    result = export.published()
    assert result.written == [public_project] and result.skipped == []
    activity = published_activity(result.xml)

    plain, served = activity.findall("result")
    # The project's own indicator serves nothing: no reference, as before.
    assert plain.find("indicator/reference") is None
    assert plain.find("description") is None
    # Rule 8.11.1: a reference at the indicator's level, never also at the result's.
    assert served.find("reference") is None
    assert served.findtext("description/narrative") == (
        "მესაზღვრეები გადამზადებულია ევროკავშირის სტანდარტებით"
    )
    (indicator,) = served.findall("indicator")
    assert indicator.get("measure") == "1"
    reference = indicator.find("reference")
    assert reference.attrib == {"vocabulary": "99", "code": "eu-aa 14.2"}
    # The schema's order: title, reference, baseline, then the periods.
    assert [child.tag for child in indicator] == [
        "title",
        "reference",
        "baseline",
        "period",
        "period",
        "period",
    ]
    baseline = indicator.find("baseline")
    assert (baseline.get("year"), baseline.get("iso-date"), baseline.get("value")) == (
        "2026",
        "2026-02-01",
        "10",
    )
    periods = [
        (
            period.find("period-start").get("iso-date"),
            period.find("period-end").get("iso-date"),
            period.find("actual").get("value") if period.find("actual") is not None else None,
            period.find("target").get("value") if period.find("target") is not None else None,
        )
        for period in indicator.findall("period")
    ]
    assert periods == [
        ("2026-02-01", "2026-06-30", "80", None),
        ("2026-07-01", "2026-12-31", "120.50", None),
        ("2026-02-01", "2027-12-31", None, "200"),  # the target over the project's period
    ]


def test_results_kept_back_stay_out_with_their_commitment(
    public_project: Project, coordinator: User
) -> None:
    serving(public_project, coordinator)
    public_project.public_fields = [f for f in public_project.public_fields if f != "results"]
    public_project.save()
    xml = export.published().xml
    published_activity(xml)
    assert b"<result" not in xml and b"eu-aa 14.2" not in xml


def test_the_file_reads_the_commitments_served_in_a_few_queries_however_many(
    public_project: Project, coordinator: User
) -> None:
    serving(public_project, coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export.build(export.published_projects())
        return len(captured)

    queries()
    few = queries()  # the register's reads, and one per level up to the framework
    for n in range(3):
        other = ProjectFactory.create(
            title_ka=f"პროექტი {n}",
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 12, 31),
            is_public=True,
            public_fields=public_project.public_fields,
            created_by=coordinator,
        )
        other.participants.create(role="4", unit=public_project.participants.get(role="4").unit)
        other.sectors.create(code="15210", percentage=Decimal(100))
        serving(other, coordinator, reference=f"15.{n}")
    queries()  # a new project's public stamp is written the first time it is published
    assert queries() == few
