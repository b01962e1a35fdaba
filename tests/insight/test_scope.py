"""The dashboard for one unit and one period: every figure counts only that unit's items of
that period, and its link opens exactly those rows. Funding is counted once per project, under
its lead unit and lead donor, so every funding table adds up to the same amounts."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from commitments.models import Commitment, Framework
from core.models import OrganisationalUnit, User
from insight import figures
from insight.scope import Scope
from projects.models import BudgetLine, Obligation, ObligationSubmission, Project
from tests.factories import DonorFactory, OpportunityFactory, ProjectFactory, UnitFactory
from workflow.models import Opportunity, TransitionLog

pytestmark = pytest.mark.django_db

TBILISI = zoneinfo.ZoneInfo("Asia/Tbilisi")
NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=TBILISI)
Y2025 = Scope.of_year(2025)

# Figures speak the interface's language, Georgian unless asked otherwise.
NOT_RECORDED = "არ არის მითითებული"


def listed(client: Client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return {
        getattr(row, "reference", None) or str(row)
        for row in response.context["page"].paginator.object_list
    }


def total(table: figures.FundingTable, currency: str) -> Decimal:
    return sum(
        (cells[currency].value for _name, cells in table.rows if currency in cells), Decimal(0)
    )


def amounts(table: figures.FundingTable) -> dict[str, dict[str, Decimal]]:
    return {name: {c: cell.value for c, cell in cells.items()} for name, cells in table.rows}


def project(title: str, user: User, start: str, *participants: dict[str, Any]) -> Project:
    made = ProjectFactory.create(
        title_ka=title, created_by=user, planned_start=datetime.date.fromisoformat(start)
    )
    for participant in participants:
        made.participants.create(**participant)
    return made


def budget(made: Project, amount: str, currency: str = "EUR", start: str = "") -> None:
    BudgetLine.objects.create(
        project=made,
        amount=Decimal(amount),
        currency=currency,
        period_start=datetime.date.fromisoformat(start) if start else None,
    )


@pytest.fixture
def cofunded(coordinator: User) -> dict[str, Any]:
    """Projects shared between units and donors, as the ministry records them."""
    eu, sida = DonorFactory.create(acronym="EU"), DonorFactory.create(acronym="Sida")
    u1, u2, u3 = (UnitFactory.create(name_ka=f"{letter} ერთეული") for letter in "აბგ")
    funding, implementing, accountable, partner = "1", "4", "2", "partner"
    p1 = project(
        "P1",
        coordinator,
        "2025-03-01",
        {"role": funding, "donor": eu},
        {"role": partner, "unit": u2},  # entered first, but only a partner
        {"role": implementing, "unit": u1},
        {"role": partner, "unit": u3},
    )
    p2 = project(
        "P2",
        coordinator,
        "2026-01-10",
        {"role": funding, "donor": eu},
        {"role": funding, "donor": sida},  # co-funded: counted under the first funder
        {"role": partner, "unit": u1},
        {"role": accountable, "unit": u2},
    )
    p3 = project(
        "P3",
        coordinator,
        "2025-07-01",
        {"role": funding, "donor": eu},
        {"role": implementing, "name": "ევროპის ფონდი"},  # no unit of the ministry
    )
    p4 = project("P4", coordinator, "2026-02-01", {"role": implementing, "unit": u3})
    budget(p1, "100", start="2025-03-01")
    budget(p1, "40", start="2026-01-01")
    budget(p2, "50")
    budget(p2, "900", "GEL")
    budget(p3, "30")
    budget(p4, "7")
    return {"eu": eu, "sida": sida, "u1": u1, "u2": u2, "u3": u3}


def test_each_amount_counts_once_under_one_unit_and_one_donor(
    cofunded: dict[str, Any], coordinator: User, client: Client
) -> None:
    tables = figures.funding()
    assert amounts(tables["unit"]) == {
        "ა ერთეული": {"EUR": Decimal("140")},
        "ბ ერთეული": {"EUR": Decimal("50"), "GEL": Decimal("900")},
        "გ ერთეული": {"EUR": Decimal("7")},
        NOT_RECORDED: {"EUR": Decimal("30")},
    }
    assert amounts(tables["donor"]) == {
        str(cofunded["eu"]): {"EUR": Decimal("220"), "GEL": Decimal("900")},
        NOT_RECORDED: {"EUR": Decimal("7")},
    }
    for currency in ("EUR", "GEL"):
        assert total(tables["unit"], currency) == total(tables["donor"], currency)
        assert total(tables["unit"], currency) == total(tables["year"], currency)

    client.force_login(coordinator)
    units = dict(tables["unit"].rows)
    donors = dict(tables["donor"].rows)
    assert listed(client, units["ა ერთეული"]["EUR"].url) == {"P1"}
    assert listed(client, units["ბ ერთეული"]["GEL"].url) == {"P2"}
    assert listed(client, donors[str(cofunded["eu"])]["EUR"].url) == {"P1", "P2", "P3"}
    assert units[NOT_RECORDED]["EUR"].url == ""  # no register lists "no unit"


def test_funding_for_one_unit_and_one_year(
    cofunded: dict[str, Any], coordinator: User, client: Client
) -> None:
    scope = Scope.of_year(2025, cofunded["u1"].pk)
    tables = figures.funding(scope=scope)
    # P1's 2025 line only: its 2026 line is of another year; P3 (2025) has no unit of u1's.
    assert amounts(tables["unit"]) == {"ა ერთეული": {"EUR": Decimal("100")}}
    assert amounts(tables["donor"]) == {str(cofunded["eu"]): {"EUR": Decimal("100")}}
    assert amounts(tables["year"]) == {"2025": {"EUR": Decimal("100")}}

    everyone_2025 = figures.funding(scope=Y2025)
    assert amounts(everyone_2025["year"]) == {"2025": {"EUR": Decimal("130")}}

    client.force_login(coordinator)
    cell = dict(tables["donor"].rows)[str(cofunded["eu"])]["EUR"]
    assert "budget_from=2025-01-01" in cell.url and f"lead_unit={cofunded['u1'].pk}" in cell.url
    assert listed(client, cell.url) == {"P1"}
    assert listed(client, dict(everyone_2025["year"].rows)["2025"]["EUR"].url) == {"P1", "P3"}


def opportunity(unit: OrganisationalUnit, user: User, created: str, **fields: Any) -> Opportunity:
    moment = datetime.datetime.fromisoformat(created).replace(hour=10, tzinfo=TBILISI)
    with time_machine.travel(moment, tick=False):
        return OpportunityFactory.create(owning_unit=unit, created_by=user, **fields)


def move(item: Opportunity, when: str, transition: str, source: str, target: str) -> None:
    moment = datetime.datetime.fromisoformat(when).replace(hour=10, tzinfo=TBILISI)
    with time_machine.travel(moment, tick=False):
        TransitionLog.objects.create(
            opportunity=item,
            transition=transition,
            from_state=source,
            to_state=target,
            actor=item.created_by,
        )
    Opportunity.objects.filter(pk=item.pk).update(state=target, state_changed_at=moment)


@time_machine.travel(NOW, tick=False)
def test_the_opportunity_figures_count_the_units_items_entered_in_the_period(
    coordinator: User, client: Client
) -> None:
    u1, u2 = UnitFactory.create(), UnitFactory.create()
    deadline = datetime.date(2026, 3, 1)
    a = opportunity(u1, coordinator, "2025-02-01", application_deadline=deadline)
    b = opportunity(u1, coordinator, "2025-11-30")
    c = opportunity(u2, coordinator, "2025-05-05", application_deadline=deadline)
    d = opportunity(u1, coordinator, "2026-01-02", application_deadline=deadline)
    move(b, "2025-12-04", "present", "identified", "presented")
    move(c, "2025-05-10", "present", "identified", "presented")
    move(d, "2026-01-05", "present", "identified", "presented")
    move(d, "2026-01-25", "reject", "presented", "rejected")

    scope = Scope.of_year(2025, u1.pk)
    stages = {stage.state: stage for stage in figures.funnel(scope=scope)}
    assert stages["identified"].reached.value == 2  # a and b; c is u2's, d of 2026
    assert stages["presented"].reached.value == 1  # b
    assert stages["identified"].current.value == 1  # a
    assert figures.rejected(scope=scope).value == 0  # d was entered in 2026
    assert figures.missed(NOW.date(), scope=scope).value == 1  # a
    timing = {row.state: row for row in figures.timings(NOW, scope=scope)}
    assert timing["identified"].median_days == 4.0  # b's four days; c's five are u2's
    stuck = timing["identified"].stuck
    assert stuck is not None and stuck.value == 1  # a, identified since February 2025

    client.force_login(coordinator)
    assert listed(client, stages["identified"].reached.url) == {a.reference, b.reference}
    assert listed(client, stages["presented"].current.url) == {b.reference}
    assert listed(client, figures.missed(NOW.date(), scope=scope).url) == {a.reference}
    assert listed(client, stuck.url) == {a.reference}
    # The whole ministry in 2025: c too.
    assert figures.funnel(scope=Y2025)[1].reached.value == 2


def obligation(unit: OrganisationalUnit, user: User, due: str, state: str = "accepted") -> Any:
    return Obligation.objects.create(
        project=ProjectFactory.create(created_by=user),
        kind=Obligation.Kind.NARRATIVE_REPORT,
        description="ანგარიში",
        responsible_unit=unit,
        due_date=datetime.date.fromisoformat(due),
        state=state,
        created_by=user,
    )


def report(item: Obligation, due: str, on: str) -> None:
    moment = datetime.datetime.fromisoformat(on).replace(hour=12, tzinfo=TBILISI)
    with time_machine.travel(moment, tick=False):
        ObligationSubmission.objects.create(
            obligation=item,
            due_date=datetime.date.fromisoformat(due),
            report="ok",
            submitted_by=item.created_by,
        )


@time_machine.travel(NOW, tick=False)
def test_compliance_counts_the_units_due_dates_in_the_period(
    coordinator: User, client: Client
) -> None:
    u1, u2 = UnitFactory.create(name_ka="ა"), UnitFactory.create(name_ka="ბ")
    o1 = obligation(u1, coordinator, "2025-06-30")
    report(o1, "2025-06-30", "2025-06-29")  # on time, in 2025
    o2 = obligation(u1, coordinator, "2026-03-31", state="open")  # recurring
    report(o2, "2025-12-31", "2026-01-05")  # late, for a 2025 due date
    report(o2, "2026-02-28", "2026-02-27")  # on time, for a 2026 due date; now overdue
    o3 = obligation(u2, coordinator, "2025-03-31")
    report(o3, "2025-03-31", "2025-04-10")  # u2's

    rows = figures.compliance(NOW.date(), scope=Scope.of_year(2025, u1.pk))
    assert [(r.unit, r.on_time.value, r.late.value, r.overdue.value) for r in rows] == [
        ("ა", 1, 1, 0)
    ]
    rows_2026 = figures.compliance(NOW.date(), scope=Scope.of_year(2026))
    assert [(r.unit, r.on_time.value, r.late.value, r.overdue.value) for r in rows_2026] == [
        ("ა", 1, 0, 1)
    ]

    client.force_login(coordinator)

    def shown(url: str) -> set[int]:
        return {o.pk for o in client.get(url).context["page"].paginator.object_list}

    assert shown(rows[0].on_time.url) == {o1.pk}
    assert shown(rows[0].late.url) == {o2.pk}
    assert shown(rows_2026[0].on_time.url) == {o2.pk}


def test_commitments_count_the_units_with_a_deadline_in_the_period(
    coordinator: User, client: Client
) -> None:
    u1, u2 = UnitFactory.create(name_ka="ა"), UnitFactory.create(name_ka="ბ")
    eu = Framework.objects.get(code="eu-aa")

    def commitment(ref: str, unit: OrganisationalUnit, deadline: str, *others: Any) -> None:
        made = Commitment.objects.create(
            framework=eu,
            reference=ref,
            text_ka="ვალდებულება",
            responsible_unit=unit,
            status=Commitment.Status.ON_TRACK,
            deadline=datetime.date.fromisoformat(deadline) if deadline else None,
            created_by=coordinator,
        )
        made.supporting_units.set(others)

    commitment("1", u1, "2025-05-01")
    commitment("2", u2, "2025-06-01", u1, u2)  # u1 among those responsible; u2 twice
    commitment("3", u1, "2026-05-01")
    commitment("4", u1, "")

    scope = Scope.of_year(2025, u1.pk)
    (framework,) = figures.commitments_by_framework(scope=scope)
    assert framework.total.value == 2
    assert [(row.name, row.total.value) for row in figures.commitments_by_unit(scope=scope)] == [
        ("ა", 2)
    ]
    client.force_login(coordinator)
    response = client.get(framework.total.url)
    assert {c.reference for c in response.context["page"].paginator.object_list} == {"1", "2"}
    assert figures.commitments_by_framework()[0].total.value == 4
