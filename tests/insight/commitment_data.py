"""Commitments, indicators on a target path, their figures, and what serves them, inserted
directly for the gap analysis, the indicator comparison and the donor match."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from commitments.models import Commitment, DonorPriority, Framework, Indicator, IndicatorValue
from core.models import Donor, OrganisationalUnit, User
from needs.models import Need
from projects.models import (
    BudgetLine,
    Project,
    ProjectParticipant,
    ProjectResult,
    ProjectSector,
    ResultIndicator,
)
from tests.factories import OpportunityFactory, ProjectFactory
from workflow.models import KeyPerformanceIndicator, Opportunity

# The day the analysis is read for: half-way along every path below.
TODAY = datetime.date(2026, 1, 1)
PATH_START = datetime.date(2025, 1, 1)
PATH_END = datetime.date(2027, 1, 1)


def framework(code: str = "eu-aa", position: int = 0) -> Framework:
    """A framework (seeded by a migration; a flushed database needs it made again)."""
    found, _created = Framework.objects.get_or_create(
        code=code,
        defaults={
            "family": Framework.Family.EU,
            "name_ka": f"ჩარჩო {code}",
            "name_en": f"Framework {code}",
            "position": position,
        },
    )
    return found


def commitment(unit: OrganisationalUnit, user: User, reference: str, **fields: Any) -> Commitment:
    fields.setdefault("framework", framework())
    fields.setdefault("text_ka", f"ვალდებულება {reference}")
    return Commitment.objects.create(
        reference=reference, responsible_unit=unit, created_by=user, **fields
    )


def indicator(of: Commitment, name: str = "გადამზადებული პირები", **fields: Any) -> Indicator:
    """A number on a straight path from 0 (2025) to 100 (2027) unless told otherwise."""
    values: dict[str, Any] = {
        "baseline": Decimal(0),
        "target": Decimal(100),
        "baseline_date": PATH_START,
        "target_date": PATH_END,
    } | fields
    return Indicator.objects.create(commitment=of, name=name, **values)


def actual(
    of: Indicator, value: int | str, user: User, period_end: datetime.date = TODAY
) -> IndicatorValue:
    return IndicatorValue.objects.create(
        indicator=of, period_end=period_end, value=Decimal(value), reported_by=user
    )


def lagging(unit: OrganisationalUnit, user: User, reference: str, **fields: Any) -> Commitment:
    """A commitment (assessed on track unless told) whose indicator reached 20 where its path
    is at 50."""
    fields.setdefault("status", Commitment.Status.ON_TRACK)
    made = commitment(unit, user, reference, **fields)
    actual(indicator(made), 20, user)
    return made


def need(unit: OrganisationalUnit, user: User, title: str, *serves: Commitment, **f: Any) -> Need:
    f.setdefault("source", Need.Source.OTHER)
    made = Need.objects.create(title=title, responsible_unit=unit, created_by=user, **f)
    made.commitments.set(serves)
    return made


def opportunity(unit: OrganisationalUnit, donor: Donor, user: User, **fields: Any) -> Opportunity:
    fields.setdefault("with_kpi", False)
    return OpportunityFactory.create(owning_unit=unit, donor=donor, created_by=user, **fields)


def kpi(of: Opportunity, serves: Indicator, target: int, name: str = "KPI") -> None:
    KeyPerformanceIndicator.objects.create(
        opportunity=of, name=name, unit="პირი", baseline=0, target=target, serves=serves
    )


def project(user: User, *, donor: Donor | None = None, **fields: Any) -> Project:
    made = ProjectFactory.create(created_by=user, **fields)
    if donor is not None:
        made.participants.create(role=ProjectParticipant.Role.FUNDING, donor=donor)
    return made


def result_indicator(of: Project, serves: Indicator, target: int, title: str = "შედეგი") -> None:
    result = ProjectResult.objects.create(project=of, title=f"{title} (შედეგი)")
    ResultIndicator.objects.create(
        result=result, title=title, baseline=Decimal(0), target=Decimal(target), serves=serves
    )


def in_sector(of: Project, code: str) -> None:
    ProjectSector.objects.create(project=of, code=code)


def budget(of: Project, amount: int, currency: str = "EUR") -> None:
    BudgetLine.objects.create(project=of, amount=Decimal(amount), currency=currency)


def priority(donor: Donor, **fields: Any) -> DonorPriority:
    return DonorPriority.objects.create(donor=donor, **fields)
