"""The dashboard and the route report pages (their figures are tested in tests/insight)."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

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
    assert '<option value="2025">' in page.split('id="dashboard-filter"', 1)[1]
    assert 'href="?year=2025#action-plan"' in action_plan
    q2 = action_plan.split('data-quarter="2"', 1)[1].split("</tr>", 1)[0]
    assert f'href="/action-plans/{plan.pk}/">1</a> <span class="share">(50%)' in q2
    q4 = action_plan.split('data-quarter="4"', 1)[1].split("</tr>", 1)[0]
    assert 'class="done"' not in q4  # not begun

    other_page = client.get("/dashboard/?year=2025").content.decode()
    other_year = _section(other_page, "action-plan")
    assert '<option value="2025" selected>' in other_page and "IRD 2025" in other_year
    assert 'class="share"' not in other_year  # a plan with no activities yet has no shares
    without_page = client.get("/dashboard/?year=2024").content.decode()
    assert 'id="plan-quarters"' not in _section(without_page, "action-plan")
    assert '<option value="2024" selected>' in without_page  # the year shown, with no plan
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


def test_the_charts_load_on_the_dashboard_alone_with_their_data_as_json(coordinator) -> None:
    client = signed_in(coordinator)
    page = client.get("/dashboard/").content.decode()
    assert "web/vendor/chart-4.5.1.umd.min.js" in page and "web/charts.js" in page
    for chart in ("funnel", "timings", "funding-year", "funding-donor", "funding-unit"):
        assert f'<canvas data-chart="{chart}-chart"' in page
        assert f'<script id="{chart}-chart" type="application/json">' in page
    assert 'id="funding-attribution"' in page
    assert "chart-4.5.1" not in client.get("/").content.decode()


def test_a_wrong_filter_is_said_and_the_figures_stay_whole(coordinator, unit) -> None:
    client = signed_in(coordinator)
    whole = client.get("/dashboard/").context["scope"]
    for query in (
        {"unit": "abc"},
        {"unit": "99999999999999999999"},
        {"start": "31.02.2026"},
        {"year": "1900"},
        {"start": "0001-01-01"},
    ):
        response = client.get("/dashboard/", query)
        assert response.status_code == 200, query
        assert response.context["form"].errors, query
        assert response.context["scope"] == whole, query
    backwards = client.get("/dashboard/", {"start": "2026-05-01", "end": "2026-04-01"})
    assert "end" in backwards.context["form"].errors
    mine = client.get("/dashboard/", {"unit": unit.pk, "year": "2025", "start": "2025-03-01"})
    scope = mine.context["scope"]
    # Dates given win over the year.
    assert (scope.unit, scope.start, scope.end) == (unit.pk, datetime.date(2025, 3, 1), None)


def test_the_figures_export_to_a_spreadsheet_for_the_filter_asked(
    coordinator, unit, other_unit, make_opportunity
) -> None:
    make_opportunity(owning_unit=unit)
    make_opportunity(owning_unit=other_unit)
    client = signed_in(coordinator)
    page = client.get("/dashboard/", {"unit": unit.pk}).content.decode()
    assert f'href="?unit={unit.pk}&amp;export=xlsx"' in page

    def identified(query: dict[str, str | int]) -> object:
        response = client.get("/dashboard/", {**query, "export": "xlsx"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        stage = str(Opportunity.State.IDENTIFIED.label)
        with translation.override("ka"):
            reached = str(_("reached it"))
        return next(row[3] for row in rows[1:] if row[1] == stage and row[2] == reached)

    with translation.override("ka"):
        assert identified({}) == 2
        assert identified({"unit": unit.pk}) == 1


def test_a_filtered_dashboard_reads_as_many_queries_however_much_there_is(
    coordinator, unit
) -> None:
    client = signed_in(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/dashboard/", {"unit": unit.pk, "year": "2026"})
            assert response.status_code == 200
        return len(captured)

    _commitment(unit, coordinator, "1", Commitment.Status.ON_TRACK)
    few = queries()
    for n in range(10):
        _commitment(unit, coordinator, f"2.{n}", Commitment.Status.AT_RISK, framework="vlap")
        _commitment(UnitFactory.create(), coordinator, f"3.{n}", Commitment.Status.DONE)
    assert queries() == few
