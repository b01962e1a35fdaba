from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from core.models import User
from projects.models import (
    Area,
    BudgetLine,
    IndicatorActual,
    Project,
    ProjectParticipant,
    ProjectResult,
    ResultIndicator,
)
from tests.factories import ProjectFactory

ALL_PUBLIC = [name for name, _label in Project.PUBLISHABLE_FIELDS]


@pytest.fixture
def public_project(coordinator: User, donor, unit) -> Project:  # type: ignore[no-untyped-def]
    """A public project with every part IATI can carry, all of it chosen for publication."""
    donor.iati_identifier = "XI-IATI-EC_NEAR"
    donor.save()
    project = ProjectFactory(
        title_ka="სასაზღვრო მართვის გაძლიერება",
        title_en="Border management support",
        iati_identifier="XI-IATI-EC_NEAR-2026-001",
        status="2",
        planned_start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2027, 12, 31),
        actual_start=datetime.date(2026, 2, 1),
        goal="საზღვრის მართვის შესაძლებლობების გაძლიერება",
        is_public=True,
        public_fields=ALL_PUBLIC,
        created_by=coordinator,
    )
    project.participants.create(role=ProjectParticipant.Role.FUNDING, donor=donor)
    project.participants.create(role=ProjectParticipant.Role.IMPLEMENTING, unit=unit)
    project.participants.create(role=ProjectParticipant.Role.PARTNER, name="სასაზღვრო პოლიცია")
    project.sectors.create(code="15210", percentage=Decimal("100"))
    area = Area.objects.get(kind=Area.Kind.REGION, name_ka="კახეთი")
    project.target_areas.add(area)
    BudgetLine.objects.create(
        project=project,
        amount=Decimal("500000"),
        currency="EUR",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    result = ProjectResult.objects.create(project=project, title="გადამზადებული ოფიცრები")
    indicator = ResultIndicator.objects.create(
        result=result, title="ოფიცრების რაოდენობა", baseline=Decimal(0), target=Decimal(120)
    )
    IndicatorActual.objects.create(
        indicator=indicator,
        period_start=datetime.date(2026, 2, 1),
        period_end=datetime.date(2026, 6, 30),
        value=Decimal(45),
    )
    return project
