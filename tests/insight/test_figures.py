"""Every dashboard figure against data counted by hand, and each figure's link opening exactly
the rows behind it."""

from __future__ import annotations

import datetime
import io
import random
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from actionplans.models import ActionPlan, Activity, ActivityReport, PlanSection
from actionplans.quarters import QUARTERS
from actionplans.selectors import plan_completion
from commitments.models import Commitment, Framework
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
    assert f'href="/projects/?lead_donor={funded["x"].pk}&amp;currency=EUR"' in html
    assert 'href="/register/?missed=true"' in html
    assert 'class="bar"' in html and "/static/web/app.css" in html  # drawn by the app's CSS


def test_dashboard_needs_sign_in(client: Client, db: None) -> None:
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- Commitments by status and the action plan by quarter ------------------------------------


def make_commitment(
    unit: OrganisationalUnit,
    user: User,
    reference: str,
    status: str,
    framework: str = "eu-aa",
    supporting: tuple[OrganisationalUnit, ...] = (),
) -> Commitment:
    made = Commitment.objects.create(
        framework=Framework.objects.get(code=framework),
        reference=reference,
        text_ka=f"ვალდებულება {reference}",
        responsible_unit=unit,
        status=status,
        created_by=user,
    )
    made.supporting_units.set(supporting)
    return made


@pytest.fixture
def commitments(coordinator: User) -> dict[str, Any]:
    u1, u2 = UnitFactory.create(name_ka="ა ერთეული"), UnitFactory.create(name_ka="ბ ერთეული")
    s = Commitment.Status
    made = {
        "a": make_commitment(u1, coordinator, "1.1", s.ON_TRACK),
        "b": make_commitment(u1, coordinator, "1.2", s.ON_TRACK, supporting=(u2,)),
        "c": make_commitment(u2, coordinator, "1.3", s.OFF_TRACK),
        "d": make_commitment(u2, coordinator, "2", s.AT_RISK, framework="un-cat"),
        "e": make_commitment(u1, coordinator, "3", s.DONE, framework="un-cat", supporting=(u1,)),
        "f": make_commitment(u2, coordinator, "4", s.NOT_ASSESSED, framework="nato-anp"),
    }
    return {"u1": u1, "u2": u2, **made}


def by_status(row: figures.StatusRow) -> dict[str, int]:
    return {share.status: share.count.value for share in row.shares if share.count.value}


def test_commitments_by_status_per_framework(
    commitments: dict[str, Any], coordinator: User, client: Client
) -> None:
    with translation.override("en"):
        rows = figures.commitments_by_framework()
    # In the frameworks' own order (the EU's Association Agreement first), those with any.
    assert [row.name for row in rows] == [
        "EU–Georgia Association Agreement",
        "NATO–Georgia Annual National Programme (ANP)",
        "UN Committee against Torture (CAT)",
    ]
    eu, nato, cat = rows
    assert by_status(eu) == {"on_track": 2, "off_track": 1} and eu.total.value == 3
    assert by_status(nato) == {"not_assessed": 1}
    assert by_status(cat) == {"at_risk": 1, "done": 1}
    # Every status has its column, in the dashboard's order, and the bar adds up to the row.
    assert [share.status for share in eu.shares] == list(figures.STATUS_ORDER)
    assert [(share.start, share.width) for share in eu.shares if share.width] == [
        (0.0, 66.67),
        (66.67, 33.33),
    ]

    client.force_login(coordinator)

    def shown(url: str) -> set[str]:
        return {c.reference for c in client.get(url).context["page"].paginator.object_list}

    on_track = next(share for share in eu.shares if share.status == "on_track")
    assert shown(on_track.count.url) == {"1.1", "1.2"}
    assert shown(eu.total.url) == {"1.1", "1.2", "1.3"}
    assert shown(cat.shares[1].count.url) == {"2"}  # at risk


def test_commitments_by_status_per_unit_responsible(
    commitments: dict[str, Any], coordinator: User, client: Client
) -> None:
    rows = {row.name: row for row in figures.commitments_by_unit()}
    assert list(rows) == ["ა ერთეული", "ბ ერთეული"]
    # b counts under both its units; e names its own unit as supporting too: counted once.
    assert by_status(rows["ა ერთეული"]) == {"on_track": 2, "done": 1}
    assert by_status(rows["ბ ერთეული"]) == {
        "on_track": 1,
        "off_track": 1,
        "at_risk": 1,
        "not_assessed": 1,
    }
    client.force_login(coordinator)
    for row in rows.values():
        for share in row.shares:
            listed_there = client.get(share.count.url).context["page"].paginator.count
            assert listed_there == share.count.value, (row.name, share.status)


def test_commitment_figures_take_a_few_queries_however_many_commitments(
    commitments: dict[str, Any], coordinator: User, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):
        figures.commitments_by_framework()
    with django_assert_max_num_queries(4):
        figures.commitments_by_unit()
    for n in range(20):
        unit = UnitFactory.create(name_ka=f"ერთეული {n}")
        make_commitment(unit, coordinator, f"9.{n}", "at_risk", "vlap", (commitments["u1"],))
    with django_assert_max_num_queries(2):
        assert len(figures.commitments_by_framework()) == 4
    with django_assert_max_num_queries(4):
        assert len(figures.commitments_by_unit()) == 22


def make_plan(user: User, year: int, unit: OrganisationalUnit | None = None) -> ActionPlan:
    return ActionPlan.objects.create(
        year=year, unit=unit, title=f"სამოქმედო გეგმა {year}", created_by=user
    )


def make_activity(
    plan: ActionPlan, number: str, unit: OrganisationalUnit, *reports: tuple[int, str]
) -> Activity:
    section, _created = PlanSection.objects.get_or_create(
        plan=plan, number=number.rsplit(".", 1)[0], defaults={"title": "თავი"}
    )
    activity = Activity.objects.create(
        plan=plan,
        section=section,
        number=number,
        text=f"საქმიანობა {number}",
        responsible_unit=unit,
    )
    for quarter, status in reports:
        ActivityReport.objects.create(
            activity=activity,
            quarter=quarter,
            status=status,
            progress="…",
            reported_by=plan.created_by,
        )
    return activity


@pytest.fixture
def department_plan(coordinator: User) -> ActionPlan:
    unit = UnitFactory.create()
    plan = make_plan(coordinator, 2026)
    make_activity(plan, "1.1.1", unit, (1, "in_progress"), (2, "done"))
    make_activity(plan, "1.1.2", unit, (1, "done"))
    make_activity(plan, "1.1.3", unit, (1, "delayed"), (2, "cancelled"))
    make_activity(plan, "1.2.1", unit, (2, "in_progress"))
    make_activity(plan, "1.2.2", unit)
    # A unit's own plan of the same year, and the department's plan of another: not counted.
    make_activity(make_plan(coordinator, 2026, unit), "1.1.1", unit, (1, "done"))
    make_activity(make_plan(coordinator, 2025), "1.1.1", unit, (1, "done"))
    return plan


def quarters(completion: figures.PlanCompletion) -> list[tuple[Any, ...]]:
    return [
        (
            row.quarter,
            row.begun,
            row.tally.done,
            row.tally.cancelled,
            row.tally.share,
            row.tally.reported,
            row.reported_share,
        )
        for row in completion.quarters
    ]


def test_action_plan_completion_by_quarter(
    department_plan: ActionPlan, django_assert_max_num_queries: Any
) -> None:
    # In the third quarter of 2026: the fourth has not begun.
    with django_assert_max_num_queries(3):
        completion = figures.plan_completion(datetime.date(2026, 8, 15))
    assert completion.plan == department_plan and completion.activities == 5
    assert completion.years == [2026, 2025]
    assert quarters(completion) == [
        # done, cancelled, share done of those not cancelled, reported on, share reported
        (1, True, 1, 0, 20, 3, 60),
        (2, True, 2, 1, 50, 3, 60),  # 1.1.2 done in Q1 stays done
        (3, True, 2, 1, 50, 0, 0),
        (4, False, 2, 1, 50, 0, 0),
    ]
    assert completion.quarters[0].url == f"/action-plans/{department_plan.pk}/"

    # Another year's plan, asked for; a year without one says so.
    last_year = figures.plan_completion(datetime.date(2026, 8, 15), 2025)
    assert last_year.activities == 1 and all(row.begun for row in last_year.quarters)
    assert last_year.quarters[0].tally.share == 100
    none = figures.plan_completion(datetime.date(2026, 8, 15), 2030)
    assert none.plan is None and none.quarters == [] and none.years == [2026, 2025]


def test_the_dashboard_counts_quarters_as_the_plans_page_does(coordinator: User) -> None:
    """The database's counting against the plan page's own (``actionplans.selectors``), on
    activities reported in every order a unit might report them."""
    unit = UnitFactory.create()
    plan = make_plan(coordinator, 2026)
    statuses = [status for status, _label in ActivityReport.Status.choices]
    chooser = random.Random(19)
    for n in range(60):
        reports = [
            (quarter, chooser.choice(statuses)) for quarter in QUARTERS if chooser.random() < 0.6
        ]
        make_activity(plan, f"{n // 10 + 1}.1.{n}", unit, *reports)
    page = plan_completion(plan).by_quarter
    assert figures.quarter_tallies(plan) == page


def test_action_plan_figures_take_a_few_queries_however_many_activities(
    department_plan: ActionPlan, django_assert_max_num_queries: Any
) -> None:
    unit = UnitFactory.create()
    for n in range(30):
        make_activity(department_plan, f"2.1.{n}", unit, (1, "done"), (2, "in_progress"))
    with django_assert_max_num_queries(3):
        completion = figures.plan_completion(datetime.date(2026, 8, 15))
    assert completion.activities == 35
    assert [row.tally.done for row in completion.quarters] == [31, 2, 2, 2]
