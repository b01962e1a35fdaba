"""What IATI's rules ask of a project's data, as the register's services apply it: new input
that breaks a rule is refused, what is stored is kept and does not block other edits."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from core.errors import ActionBlocked
from core.models import User
from projects import iati_rules
from projects.models import BudgetLine, Project, ResultIndicator
from projects.services.projects import (
    BudgetData,
    ResultData,
    SectorData,
    project_create,
    project_update,
)
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The refusals are matched by their English text, whatever the catalogue says."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        (D(2026, 1, 1), D(2026, 12, 31), False),
        (D(2023, 3, 1), D(2024, 2, 29), False),  # 365 days across a leap day
        (D(2025, 1, 1), D(2026, 1, 1), False),  # 365 days
        (D(2024, 1, 1), D(2025, 1, 1), True),  # 366 days
        (D(2015, 1, 1), D(2017, 12, 31), True),
        (D(2026, 2, 1), D(2026, 1, 1), True),
        (None, D(2030, 1, 1), False),  # a line without a period: the project's stands in
    ],
)
def test_a_budget_period_is_at_most_a_year(
    start: datetime.date | None, end: datetime.date | None, refused: bool
) -> None:
    assert (iati_rules.budget_period_problem(start, end) is not None) == refused


@pytest.mark.parametrize(
    ("shares", "published", "refused"),
    [
        ([None], True, False),
        ([Decimal(100)], True, False),
        ([Decimal(60)], False, True),
        ([Decimal(60), Decimal(40)], True, False),
        ([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], True, False),
        ([Decimal(60), Decimal(30)], False, True),
        ([Decimal(60), None], False, True),
        ([None, None], False, False),  # kept in the register
        ([None, None], True, True),  # but not published
        ([Decimal(150), Decimal(-50)], False, True),
        ([], True, False),
    ],
)
def test_sector_shares(shares: list[Decimal | None], published: bool, refused: bool) -> None:
    problem = iati_rules.sector_shares_problem(shares, published=published)
    assert (problem is not None) == refused


def test_shares_name_their_total() -> None:
    problem = iati_rules.sector_shares_problem([Decimal("60.00"), Decimal("30.00")])
    assert problem is not None and "90%" in problem


def test_a_qualitative_indicator_has_no_numbers() -> None:
    assert iati_rules.indicator_values_problem(measure="5", baseline=None, target=None) is None
    assert iati_rules.indicator_values_problem(measure="5", baseline=None, target=Decimal(3))
    assert iati_rules.indicator_values_problem(measure="5", baseline=Decimal(0), target=None)
    assert (
        iati_rules.indicator_values_problem(measure="1", baseline=Decimal(0), target=Decimal(3))
        is None
    )


def test_the_services_refuse_a_budget_line_longer_than_a_year(coordinator: User) -> None:
    three_years: BudgetData = {
        "amount": Decimal(1),
        "currency": "EUR",
        "period_start": D(2015, 1, 1),
        "period_end": D(2017, 12, 31),
    }
    with pytest.raises(ActionBlocked, match="at most a year"):
        project_create(
            user=coordinator,
            fields={"title_ka": "პროექტი"},
            parts={"budget_lines": [three_years]},
        )
    assert not Project.objects.exists()


def test_a_line_stored_before_the_rule_is_kept_and_other_edits_go_through(
    coordinator: User,
) -> None:
    project = ProjectFactory.create(created_by=coordinator, actual_start=D(2099, 1, 1))
    line = BudgetLine.objects.create(
        project=project,
        amount=Decimal(1),
        currency="EUR",
        period_start=D(2015, 1, 1),
        period_end=D(2017, 12, 31),
    )
    project_update(project=project, user=coordinator, fields={"goal": "ახალი მიზანი"})
    assert Project.objects.get(pk=project.pk).goal == "ახალი მიზანი"
    assert BudgetLine.objects.get(pk=line.pk).period_end == D(2017, 12, 31)


def test_an_actual_date_given_must_have_come(coordinator: User) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ActionBlocked, match="later than today"):
        project_create(user=coordinator, fields={"title_ka": "პროექტი", "actual_start": tomorrow})
    project = project_create(
        user=coordinator, fields={"title_ka": "პროექტი", "planned_start": tomorrow}
    )
    with pytest.raises(ActionBlocked, match="later than today"):
        project_update(project=project, user=coordinator, fields={"actual_end": tomorrow})


def test_the_services_refuse_numbers_on_a_qualitative_indicator(coordinator: User) -> None:
    results: list[ResultData] = [
        {"title": "შედეგი", "indicators": [{"title": "ხარისხი", "measure": "5"}]}
    ]
    project = project_create(
        user=coordinator, fields={"title_ka": "პროექტი"}, parts={"results": results}
    )
    results[0]["indicators"][0]["target"] = Decimal(3)
    with pytest.raises(ActionBlocked, match="ხარისხი — A qualitative indicator"):
        project_update(project=project, user=coordinator, fields={}, parts={"results": results})
    assert ResultIndicator.objects.get().target is None


def test_the_services_refuse_shares_not_adding_to_100(coordinator: User) -> None:
    sectors: list[SectorData] = [
        {"code": "15210", "percentage": Decimal(60)},
        {"code": "15110", "percentage": Decimal(30)},
    ]
    with pytest.raises(ActionBlocked, match="90%"):
        project_create(user=coordinator, fields={"title_ka": "პროექტი"}, parts={"sectors": sectors})


def test_publishing_several_sectors_needs_their_shares(coordinator: User) -> None:
    sectors: list[SectorData] = [{"code": "15210"}, {"code": "15110"}]
    project = project_create(
        user=coordinator,
        fields={"title_ka": "პროექტი", "public_fields": ["sectors"]},
        parts={"sectors": sectors},
    )
    with pytest.raises(ActionBlocked, match="each needs its share"):
        project_update(project=project, user=coordinator, fields={"is_public": True})
    assert not Project.objects.get(pk=project.pk).is_public
    # Published without the sectors, or with their shares, it goes through.
    project_update(
        project=Project.objects.get(pk=project.pk),
        user=coordinator,
        fields={"is_public": True, "public_fields": ["goal"]},
    )
    project_update(
        project=Project.objects.get(pk=project.pk),
        user=coordinator,
        fields={"public_fields": ["goal", "sectors"]},
        parts={
            "sectors": [
                {"code": "15210", "percentage": Decimal(50)},
                {"code": "15110", "percentage": Decimal(50)},
            ]
        },
    )
    assert Project.objects.get(pk=project.pk).shows("sectors")
