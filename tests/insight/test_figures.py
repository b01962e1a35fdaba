"""Every dashboard figure against data counted by hand, and each figure's link opening exactly
the rows behind it."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from core.models import OrganisationalUnit, User
from insight import figures
from projects.models import (
    BudgetLine,
    Obligation,
    ObligationSubmission,
    Project,
    ProjectParticipant,
)
from tests.factories import DonorFactory, OpportunityFactory, ProjectFactory, UnitFactory
from workflow.models import Opportunity, TransitionLog

TBILISI = zoneinfo.ZoneInfo("Asia/Tbilisi")
T0 = datetime.datetime(2026, 1, 1, 9, 0, tzinfo=TBILISI)
NOW = T0 + datetime.timedelta(days=120)


def day(n: int) -> datetime.datetime:
    return T0 + datetime.timedelta(days=n)


def route(
    actor: User, created: int, moves: list[tuple[int, str, str, str]], **fields: Any
) -> Opportunity:
    """An item created on day ``created`` that then moved as ``(day, transition, from, to)``."""
    with time_machine.travel(day(created), tick=False):
        opportunity = OpportunityFactory.create(created_by=actor, **fields)
    for when, transition, source, target in moves:
        with time_machine.travel(day(when), tick=False):
            TransitionLog.objects.create(
                opportunity=opportunity,
                transition=transition,
                from_state=source,
                to_state=target,
                actor=actor,
            )
    if moves:
        Opportunity.objects.filter(pk=opportunity.pk).update(
            state=moves[-1][3], state_changed_at=day(moves[-1][0])
        )
    opportunity.refresh_from_db()
    return opportunity


@pytest.fixture
def items(coordinator: User) -> dict[str, Opportunity]:
    deadline = (T0 + datetime.timedelta(days=110)).date()
    return {
        "A": route(
            coordinator,
            0,
            [
                (10, "present", "identified", "presented"),
                (14, "approve", "presented", "approved"),
                (20, "start_donor_communication", "approved", "in_communication"),
                (50, "start_monitoring", "in_communication", "monitored"),
            ],
        ),
        "B": route(
            coordinator,
            0,
            [
                (4, "present", "identified", "presented"),
                (6, "return_for_revision", "presented", "identified"),
                (9, "present", "identified", "presented"),
                (17, "reject", "presented", "rejected"),
            ],
            application_deadline=deadline,
        ),
        "C": route(
            coordinator,
            0,
            [(2, "present", "identified", "presented"), (3, "approve", "presented", "approved")],
        ),
        "D": route(coordinator, 100, [], application_deadline=deadline),
        "E": route(
            coordinator, 0, [], application_deadline=(T0 + datetime.timedelta(days=200)).date()
        ),
    }


def _stuck(row: figures.StateTiming) -> figures.Figure:
    assert row.stuck is not None
    return row.stuck


def listed(client: Client, url: str) -> set[str]:
    """The references (or titles) on every page of a register opened at ``url``."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.context["page"]
    rows = list(page.paginator.object_list)
    return {getattr(row, "reference", None) or str(row) for row in rows}


@time_machine.travel(NOW, tick=False)
def test_funnel_counts_reached_and_current_with_conversion(
    items: dict[str, Opportunity], coordinator: User, client: Client
) -> None:
    stages = {stage.state: stage for stage in figures.funnel()}
    reached = {state: stage.reached.value for state, stage in stages.items()}
    assert reached == {
        "identified": 5,
        "presented": 3,
        "approved": 2,
        "in_communication": 1,
        "monitored": 1,
        "closed": 0,
    }
    assert {s: stage.current.value for s, stage in stages.items()} == {
        "identified": 2,
        "presented": 0,
        "approved": 1,
        "in_communication": 0,
        "monitored": 1,
        "closed": 0,
    }
    assert [stages[s].conversion for s in reached] == [60.0, 66.7, 50.0, 100.0, 0.0, None]
    assert figures.rejected().value == 1

    client.force_login(coordinator)
    ref = {key: o.reference for key, o in items.items()}
    assert listed(client, stages["presented"].reached.url) == {ref["A"], ref["B"], ref["C"]}
    assert listed(client, stages["approved"].reached.url) == {ref["A"], ref["C"]}
    assert listed(client, stages["identified"].current.url) == {ref["D"], ref["E"]}
    assert listed(client, figures.rejected().url) == {ref["B"]}


@time_machine.travel(NOW, tick=False)
def test_median_days_per_state_count_only_stays_that_ended(
    items: dict[str, Opportunity], coordinator: User, client: Client
) -> None:
    timing = {row.state: row for row in figures.timings(NOW)}
    # identified: A 10, B 4 and 3, C 2; presented: A 4, B 2 and 8, C 1; approved: A 6.
    assert timing["identified"].median_days == 3.5
    assert timing["presented"].median_days == 3.0
    assert timing["approved"].median_days == 6.0
    assert timing["in_communication"].median_days == 30.0
    assert timing["monitored"].median_days is None
    assert "rejected" not in timing and "closed" not in timing

    # Stuck: C approved for 117 days (limit 21); E identified for 120 days (limit 30);
    # D was entered 20 days ago and is within its limit.
    assert _stuck(timing["approved"]).value == 1
    assert _stuck(timing["identified"]).value == 1
    assert _stuck(timing["presented"]).value == 0
    assert timing["monitored"].stuck is None
    client.force_login(coordinator)
    assert listed(client, _stuck(timing["approved"]).url) == {items["C"].reference}
    assert listed(client, _stuck(timing["identified"]).url) == {items["E"].reference}


@time_machine.travel(NOW, tick=False)
def test_stuck_limits_come_from_settings(items: dict[str, Opportunity], settings: Any) -> None:
    settings.INSIGHT_STUCK_DAYS = {"identified": 10}
    timing = {row.state: row for row in figures.timings(NOW)}
    assert timing["identified"].limit_days == 10
    assert _stuck(timing["identified"]).value == 2  # D (20 days) now counts too


@time_machine.travel(NOW, tick=False)
def test_missed_opportunities_are_deadlines_passed_before_a_decision(
    items: dict[str, Opportunity], coordinator: User, client: Client
) -> None:
    # D's deadline passed while identified; B's passed too, but B was decided (rejected).
    missed = figures.missed(NOW.date())
    assert missed.value == 1
    client.force_login(coordinator)
    assert listed(client, missed.url) == {items["D"].reference}


@time_machine.travel(NOW, tick=False)
def test_route_of_an_item_and_of_the_register(
    items: dict[str, Opportunity], coordinator: User, client: Client
) -> None:
    client.force_login(coordinator)
    page = client.get(f"/opportunities/{items['B'].pk}/")
    route = [(stay.state, round(days, 1)) for stay, days in page.context["route"]]
    assert route == [
        ("identified", 4.0),
        ("presented", 2.0),
        ("identified", 3.0),
        ("presented", 8.0),
        ("rejected", 103.0),
    ]

    report = client.get("/reports/route/", {"state": "approved"})
    assert report.status_code == 200
    rows = {o.reference: days for o, days in report.context["routes"]}
    states = [str(s) for s in report.context["states"]]
    assert list(rows) == [items["C"].reference]
    c_days = dict(zip(states, rows[items["C"].reference], strict=True))
    assert c_days["identified"] == pytest.approx(2.0)
    assert c_days["presented"] == pytest.approx(1.0)
    assert c_days["approved"] == pytest.approx(117.0)
    assert c_days["monitored"] is None

    export = client.get("/reports/route/", {"state": "rejected", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    _header, *data = list(sheet.iter_rows(values_only=True))
    assert len(data) == 1
    assert data[0][0] == items["B"].reference
    assert list(data[0][3:]) == [7.0, 10.0, None, None, None]


# --- Funding and compliance -----------------------------------------------------------------


def line(project: Project, amount: str, currency: str, kind: str = "1", start: str = "") -> None:
    BudgetLine.objects.create(
        project=project,
        amount=Decimal(amount),
        currency=currency,
        kind=kind,
        period_start=datetime.date.fromisoformat(start) if start else None,
    )


@pytest.fixture
def funded(coordinator: User) -> dict[str, Any]:
    x, y = DonorFactory.create(acronym="X"), DonorFactory.create(acronym="Y")
    u1, u2 = UnitFactory.create(name_ka="ა ერთეული"), UnitFactory.create(name_ka="ბ ერთეული")
    p1 = ProjectFactory.create(title_ka="P1", created_by=coordinator)
    p2 = ProjectFactory.create(
        title_ka="P2", created_by=coordinator, planned_start=datetime.date(2026, 5, 1)
    )
    p3 = ProjectFactory.create(title_ka="P3", created_by=coordinator)
    funding, implementing = ProjectParticipant.Role.FUNDING, ProjectParticipant.Role.IMPLEMENTING
    for project, donor, unit in ((p1, x, u1), (p2, x, u2), (p3, y, u1)):
        project.participants.create(role=funding, donor=donor)
        project.participants.create(role=implementing, unit=unit)
    line(p1, "100", "EUR", start="2026-01-01")
    line(p1, "120", "EUR", kind="2", start="2026-01-01")  # revised: replaces the original
    line(p2, "50", "EUR", start="2027-03-01")
    line(p2, "1000", "GEL")  # no period: the project's start year
    line(p3, "30", "USD", start="2026-02-01")
    return {"x": x, "y": y, "u1": u1, "u2": u2}


def amounts(table: figures.FundingTable) -> dict[str, dict[str, Decimal]]:
    return {name: {c: cell.value for c, cell in cells.items()} for name, cells in table.rows}


def test_funding_by_donor_unit_and_year_per_currency(
    funded: dict[str, Any], coordinator: User, client: Client
) -> None:
    tables = figures.funding()
    x, y = str(funded["x"]), str(funded["y"])
    assert amounts(tables["donor"]) == {
        x: {"EUR": Decimal("170"), "GEL": Decimal("1000")},
        y: {"USD": Decimal("30")},
    }
    assert amounts(tables["unit"]) == {
        "ა ერთეული": {"EUR": Decimal("120"), "USD": Decimal("30")},
        "ბ ერთეული": {"EUR": Decimal("50"), "GEL": Decimal("1000")},
    }
    assert amounts(tables["year"]) == {
        "2026": {"EUR": Decimal("120"), "GEL": Decimal("1000"), "USD": Decimal("30")},
        "2027": {"EUR": Decimal("50")},
    }
    assert tables["year"].currencies == ["EUR", "GEL", "USD"]

    client.force_login(coordinator)
    donor_cells = dict(tables["donor"].rows)
    year_cells = dict(tables["year"].rows)
    unit_cells = dict(tables["unit"].rows)
    assert listed(client, donor_cells[x]["EUR"].url) == {"P1", "P2"}
    assert listed(client, year_cells["2026"]["EUR"].url) == {"P1"}
    assert listed(client, year_cells["2027"]["EUR"].url) == {"P2"}
    assert listed(client, year_cells["2026"]["GEL"].url) == {"P2"}
    assert listed(client, unit_cells["ა ერთეული"]["USD"].url) == {"P3"}


def obligation(
    unit: OrganisationalUnit, actor: User, due: str, state: str = "accepted"
) -> Obligation:
    project = ProjectFactory.create(created_by=actor)
    return Obligation.objects.create(
        project=project,
        kind=Obligation.Kind.NARRATIVE_REPORT,
        description="ანგარიში",
        responsible_unit=unit,
        due_date=datetime.date.fromisoformat(due),
        state=state,
        created_by=actor,
    )


def report(item: Obligation, due: str, on: str, actor: User) -> None:
    moment = datetime.datetime.fromisoformat(on).replace(hour=23, minute=30, tzinfo=TBILISI)
    with time_machine.travel(moment, tick=False):
        ObligationSubmission.objects.create(
            obligation=item,
            due_date=datetime.date.fromisoformat(due),
            report="ok",
            submitted_by=actor,
        )


@time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=TBILISI), tick=False)
def test_obligation_compliance_per_unit(coordinator: User, client: Client) -> None:
    u1, u2 = UnitFactory.create(name_ka="ა ერთეული"), UnitFactory.create(name_ka="ბ ერთეული")
    o1 = obligation(u1, coordinator, "2026-03-01")
    report(o1, "2026-03-01", "2026-03-01", coordinator)  # on the day, late evening: on time
    o2 = obligation(u1, coordinator, "2026-03-01")
    report(o2, "2026-03-01", "2026-03-05", coordinator)  # late
    o3 = obligation(u1, coordinator, "2026-04-01", state="open")  # overdue
    o4 = obligation(u1, coordinator, "2026-03-31", state="open")  # recurring: all three
    report(o4, "2026-01-31", "2026-02-02", coordinator)
    report(o4, "2026-02-28", "2026-02-27", coordinator)
    o5 = obligation(u2, coordinator, "2026-03-01")
    report(o5, "2026-03-01", "2026-02-27", coordinator)  # on time, returned,
    report(o5, "2026-03-01", "2026-03-03", coordinator)  # and reported again after the date
    obligation(u2, coordinator, "2026-06-01", state="open")  # not due yet: counted nowhere

    rows = {row.unit: row for row in figures.compliance(datetime.date(2026, 5, 1))}
    counts = {
        unit: (row.on_time.value, row.late.value, row.overdue.value) for unit, row in rows.items()
    }
    assert counts == {"ა ერთეული": (2, 2, 2), "ბ ერთეული": (1, 0, 0)}

    client.force_login(coordinator)

    def shown(url: str) -> set[int]:
        return {o.pk for o in client.get(url).context["page"].paginator.object_list}

    assert shown(rows["ა ერთეული"].on_time.url) == {o1.pk, o4.pk}
    assert shown(rows["ა ერთეული"].late.url) == {o2.pk, o4.pk}
    assert shown(rows["ა ერთეული"].overdue.url) == {o3.pk, o4.pk}
    assert shown(rows["ბ ერთეული"].late.url) == set()


@time_machine.travel(NOW, tick=False)
def test_dashboard_page_shows_the_figures_to_the_department(
    items: dict[str, Opportunity], funded: dict[str, Any], coordinator: User, client: Client
) -> None:
    client.force_login(coordinator)
    page = client.get("/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/register/?reached=presented"' in html
    assert "66.7%" in html
    assert f'href="/projects/?funder={funded["x"].pk}&amp;currency=EUR"' in html
    assert 'href="/register/?missed=true"' in html
    assert 'class="bar"' in html and "/static/web/app.css" in html  # drawn by the app's CSS


def test_dashboard_needs_sign_in(client: Client, db: None) -> None:
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
