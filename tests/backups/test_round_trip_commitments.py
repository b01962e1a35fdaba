"""Commitments and action plans survive a backup and a restore exactly: a commitment with its
indicators, actuals and edits, its status report handed in with values and a document and
accepted, a national report owed under it, a donor's priorities, what serves the commitment,
and a plan with sections, activities, quarterly reports and their corrections."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from actionplans import services as plans
from actionplans.models import Activity
from commitments import services as commitments
from commitments.models import Commitment, Framework, Indicator, IndicatorValue
from core.lifecycle import transition_run
from core.models import Donor, OrganisationalUnit, User
from needs.models import Need
from projects.models import Obligation, ProjectDocument, ProjectResult, ResultIndicator
from projects.models.obligation import ReportedIndicatorValue
from projects.services.commitment_reports import commitment_report_submit, status_report_due
from projects.services.obligations import obligation_create
from tests.backups.archives import backup, restore, snapshot
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 8, 15, 9, tzinfo=datetime.UTC)
PDF = b"%PDF-1.7\n% the unit's status report\n%%EOF\n"


@pytest.fixture
def kept(
    coordinator: User,
    focal_point: User,
    unit: OrganisationalUnit,
    other_unit: OrganisationalUnit,
    donor: Donor,
) -> dict[str, Any]:
    eu_aa = Framework.objects.get(code="eu-aa")
    with time_machine.travel(TODAY, tick=False):
        commitment = commitments.commitment_create(
            user=coordinator,
            fields={
                "framework": eu_aa,
                "reference": "14.2",
                "text_ka": "სასაზღვრო თანამშრომლობის გაძლიერება",
                "text_en": "Stronger border cooperation",
                "responsible_unit": unit,
                "supporting_units": [other_unit],
                "partner_agencies": "შემოსავლების სამსახური",
                "deadline": datetime.date(2027, 12, 31),
                "reporting": "quarterly",
            },
            indicators=[
                {
                    "name": "გადამზადებული მესაზღვრეები",
                    "measure": Indicator.Measure.NUMBER,
                    "baseline": Decimal(10),
                    "baseline_date": datetime.date(2025, 1, 1),
                    "target": Decimal(500),
                    "target_date": datetime.date(2027, 12, 31),
                },
                {"name": "სტრატეგია მიღებულია", "measure": Indicator.Measure.YES_NO},
            ],
        )
        commitments.commitment_update(
            commitment=commitment,
            user=coordinator,
            fields={"partner_agencies": "შემოსავლების სამსახური; პროკურატურა"},
        )
        trained, adopted = commitment.indicators.order_by("position", "id")
        commitment_report_submit(
            commitment=commitment,
            user=focal_point,
            report="გადამზადდა 120 მესაზღვრე.",
            assessment=Commitment.Status.AT_RISK,
            values={trained.pk: Decimal(120), adopted.pk: Decimal(1)},
            uploads=[SimpleUploadedFile("ანგარიში.pdf", PDF)],
        )
        status_report = status_report_due(commitment)
        assert status_report is not None
        transition_run(Obligation.objects.get(pk=status_report.pk), user=coordinator, name="accept")
        obligation_create(
            commitment=commitment,
            user=coordinator,
            fields={
                "kind": Obligation.Kind.NATIONAL_REPORT,
                "description": "ეროვნული ანგარიში",
                "responsible_unit": unit,
                "due_date": datetime.date(2026, 12, 1),
                "recurrence": "one_off",
            },
        )
        commitments.donor_priorities_set(
            donor=donor,
            user=coordinator,
            priorities=[{"framework": eu_aa}, {"sector": "15210"}, {"theme": "საზღვრები"}],
        )
        need = Need.objects.create(
            title="სასაზღვრო აღჭურვილობა",
            source=Need.Source.AA,
            responsible_unit=unit,
            created_by=focal_point,
        )
        need.commitments.add(commitment)
        project = ProjectFactory.create(created_by=coordinator)
        ResultIndicator.objects.create(
            result=ProjectResult.objects.create(project=project, title="შედეგი"),
            title="გადამზადებული მესაზღვრეები",
            target=Decimal(200),
            serves=trained,
        )

        plan = plans.plan_create(
            user=coordinator, fields={"year": 2026, "title": "IRD-ის სამოქმედო გეგმა 2026"}
        )
        plans.plan_update(plan=plan, user=coordinator, fields={"title": "სამოქმედო გეგმა 2026"})
        plans.section_add(plan=plan, user=coordinator, number="1", title="თანამშრომლობა")
        section = plans.section_add(plan=plan, user=coordinator, number="1.1", title="ევროკავშირი")
        activity = plans.activity_add(
            plan=plan,
            user=coordinator,
            fields={
                "section": section,
                "number": "1.1.1",
                "text": "ასოცირების დღის წესრიგის შესრულების ანგარიში",
                "indicator": "ანგარიში წარდგენილია",
                "target": Decimal(4),
                "deadline_text": "IV კვარტალი",
                "deadline": datetime.date(2026, 12, 31),
                "responsible_unit": unit,
                "others_involved": "საგარეო საქმეთა სამინისტრო",
            },
            commitments=[commitment],
            needs=[need],
            projects=[project],
        )
        plans.activity_update(
            activity=activity, user=coordinator, fields={"comments": "ყოველკვარტალური"}
        )
        plans.activity_report(
            activity=activity, user=focal_point, quarter=1, status="in_progress", progress="დაიწყო"
        )
        plans.activity_report(
            activity=activity, user=focal_point, quarter=2, status="delayed", progress="გადაიდო"
        )
        plans.activity_report(  # a correction, kept in the report's history
            activity=activity,
            user=focal_point,
            quarter=2,
            status="in_progress",
            progress="მიმდინარეობს",
            actual=Decimal(2),
        )
    return {"commitment": commitment, "plan": plan, "activity": activity}


def test_commitments_and_plans_round_trip_exactly(kept: dict[str, Any], tmp_path: Path) -> None:
    before = snapshot()
    # Every kind of row of the two apps is there, and what hangs off a commitment elsewhere.
    for app in ("commitments", "actionplans"):
        for model in apps.get_app_config(app).get_models():
            assert before[model._meta.label_lower], model._meta.label_lower
    commitment = kept["commitment"]
    assert Obligation.objects.filter(commitment=commitment, project=None).count() == 2
    assert ReportedIndicatorValue.objects.filter(submission__obligation__commitment=commitment)
    (document,) = ProjectDocument.objects.filter(project=None)

    archive = tmp_path / "donorflow.tar.gz"
    assert "1 files" in backup(archive)

    # Everything changes after the backup: a plan is added, an activity and the commitment
    # edited, the actuals and the status report's document lost.
    plans.plan_create(user=kept["plan"].created_by, fields={"year": 2027, "title": "2027"})
    Activity.objects.filter(pk=kept["activity"].pk).update(text="შეცვლილი")
    Commitment.objects.filter(pk=commitment.pk).update(status=Commitment.Status.DONE)
    IndicatorValue.objects.all().delete()
    document.file.delete(save=False)

    restore(archive)
    assert snapshot() == before
    restored = ProjectDocument.objects.get(project=None)
    with restored.file.open("rb") as stored:
        assert stored.read() == PDF
    assert Commitment.objects.get(pk=commitment.pk).status == Commitment.Status.AT_RISK
