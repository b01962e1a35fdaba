"""The dashboard and the route report pages (their figures are tested in tests/insight)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from actionplans.models import ActionPlan, Activity, ActivityReport, PlanSection
from commitments.models import Commitment, Framework
from tests.factories import UnitFactory
from tests.web import signed_in
from workflow.models import Opportunity

pytestmark = pytest.mark.django_db


def test_the_route_report_has_a_column_for_each_state_time_runs_in(
    viewer, make_opportunity
) -> None:
    opportunity = make_opportunity(title="მარშრუტი")
    response = signed_in(viewer).get("/reports/route/")
    assert response.status_code == 200
    states = response.context["states"]
    assert states and not set(states) & set(Opportunity.FINISHED)
    assert len(states) == len(Opportunity.State) - len(Opportunity.FINISHED)
    page = response.content.decode()
    header = page.split('id="routes"', 1)[1].split("</thead>", 1)[0]
    assert all(str(state.label) in header for state in states)
    assert str(Opportunity.State.CLOSED.label) not in header
    assert f"/opportunities/{opportunity.pk}/#route" in page


def test_the_dashboard_answers(coordinator, make_opportunity) -> None:
    make_opportunity()
    response = signed_in(coordinator).get("/dashboard/")
    assert response.status_code == 200 and response.context["funnel_top"] >= 1


def _commitment(unit, user, reference: str, status: str, framework: str = "eu-aa") -> Commitment:
    return Commitment.objects.create(
        framework=Framework.objects.get(code=framework),
        reference=reference,
        text_ka=f"ვალდებულება {reference}",
        responsible_unit=unit,
        status=status,
        created_by=user,
    )


def _activity(plan: ActionPlan, number: str, unit, *reports: tuple[int, str]) -> None:
    section, _created = PlanSection.objects.get_or_create(
        plan=plan, number=number.rsplit(".", 1)[0], defaults={"title": "თავი"}
    )
    activity = Activity.objects.create(
        plan=plan, section=section, number=number, text="საქმიანობა", responsible_unit=unit
    )
    for quarter, status in reports:
        ActivityReport.objects.create(
            activity=activity,
            quarter=quarter,
            status=status,
            progress="…",
            reported_by=plan.created_by,
        )


def _section(page: str, id_: str) -> str:
    return page.split(f'id="{id_}"', 1)[1].split("</section>", 1)[0]


@time_machine.travel(datetime.datetime(2026, 8, 15, 9, tzinfo=datetime.UTC), tick=False)
def test_the_dashboard_shows_commitments_by_status_and_the_plan_by_quarter(
    coordinator, unit, other_unit
) -> None:
    _commitment(unit, coordinator, "1.1", Commitment.Status.OFF_TRACK)
    _commitment(other_unit, coordinator, "1.2", Commitment.Status.ON_TRACK)
    _commitment(unit, coordinator, "4", Commitment.Status.AT_RISK, framework="un-cat")
    plan = ActionPlan.objects.create(year=2026, title="IRD 2026", created_by=coordinator)
    _activity(plan, "1.1.1", unit, (1, "done"))
    _activity(plan, "1.1.2", unit, (1, "in_progress"), (2, "delayed"))
    ActionPlan.objects.create(year=2025, title="IRD 2025", created_by=coordinator)
    client = signed_in(coordinator)

    page = client.get("/dashboard/").content.decode()
    commitments = _section(page, "commitments")
    framework = commitments.split('id="commitments-framework"', 1)[1].split("</table>", 1)[0]
    eu = Framework.objects.get(code="eu-aa")
    # Words and colour: each status's column names it, its cells carry its tone.
    with translation.override("ka"):
        assert str(Commitment.Status.OFF_TRACK.label) in framework
    assert 'class="state state-off_track"' in framework
    assert 'class="amount tone-off_track"' in framework and "<rect" in framework
    assert f'href="/commitments/?framework={eu.pk}&amp;status=off_track">1<' in framework
    assert f'href="/commitments/?framework={eu.pk}">2<' in framework
    by_unit = commitments.split('id="commitments-unit"', 1)[1].split("</table>", 1)[0]
    assert f'href="/commitments/?unit={unit.pk}&amp;status=at_risk">1<' in by_unit

    action_plan = _section(page, "action-plan")
    assert 'name="year"' in action_plan and '<option value="2025">' in action_plan
    q2 = action_plan.split('data-quarter="2"', 1)[1].split("</tr>", 1)[0]
    assert f'href="/action-plans/{plan.pk}/">1</a> <span class="share">(50%)' in q2
    q4 = action_plan.split('data-quarter="4"', 1)[1].split("</tr>", 1)[0]
    assert 'class="done"' not in q4  # not begun

    other_year = _section(client.get("/dashboard/?year=2025").content.decode(), "action-plan")
    assert '<option value="2025" selected>' in other_year and "IRD 2025" in other_year
    assert 'class="share"' not in other_year  # a plan with no activities yet has no shares
    without = _section(client.get("/dashboard/?year=2024").content.decode(), "action-plan")
    assert 'id="plan-quarters"' not in without
    assert '<option value="2024" selected>' in without  # the year shown, though it has no plan
    for wrong in ("1900", "twenty", "２０２６", "2026" * 1000):
        answer = client.get("/dashboard/", {"year": wrong})
        assert answer.status_code == 200 and answer.context["plan"].year == 2026


def test_the_dashboard_reads_the_same_number_of_queries_however_much_there_is(
    coordinator, unit
) -> None:
    client = signed_in(coordinator)
    plan = ActionPlan.objects.create(year=2026, title="IRD 2026", created_by=coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/?year=2026").status_code == 200
        return len(captured)

    _commitment(unit, coordinator, "1", Commitment.Status.ON_TRACK)
    _activity(plan, "1.1.1", unit, (1, "done"))
    few = queries()
    for n in range(15):
        other = UnitFactory.create()
        _commitment(other, coordinator, f"2.{n}", Commitment.Status.AT_RISK, framework="vlap")
        _activity(plan, f"1.2.{n}", other, (1, "done"), (2, "delayed"))
    assert queries() == few
