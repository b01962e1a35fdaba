"""The gap analysis: which commitments are weak points, what answers them, in which order, and
at a cost that does not grow with the number of commitments."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from commitments.models import Commitment
from core.codelists import ActivityStatus
from insight.gaps import Urgency, gap_analysis
from needs.models import Need
from tests.factories import DonorFactory, UnitFactory
from tests.insight.commitment_data import (
    PATH_END,
    PATH_START,
    TODAY,
    actual,
    commitment,
    framework,
    indicator,
    kpi,
    lagging,
    need,
    opportunity,
    project,
    result_indicator,
)
from workflow.models import Opportunity

pytestmark = pytest.mark.django_db


def _references(gaps) -> list[str]:
    return [gap.commitment.reference for gap in gaps]


def test_an_indicator_behind_its_path_today_makes_a_weak_point_and_one_on_it_does_not(
    unit, coordinator
) -> None:
    behind = lagging(unit, coordinator, "behind")
    on_path = commitment(unit, coordinator, "on-path", status=Commitment.Status.ON_TRACK)
    actual(indicator(on_path), 60, coordinator)
    # A path that falls (a waiting time): above the line is behind it.
    falling = commitment(unit, coordinator, "falling")
    actual(indicator(falling, "ლოდინის დღეები", baseline=100, target=0), 70, coordinator)
    # The latest figure counts, not the best one.
    slipped = commitment(unit, coordinator, "slipped")
    slipped_indicator = indicator(slipped)
    actual(slipped_indicator, 90, coordinator, period_end=datetime.date(2025, 9, 30))
    actual(slipped_indicator, 30, coordinator, period_end=datetime.date(2025, 12, 31))
    # Without a full path or a figure nothing can lag; a done commitment is no gap.
    no_path = commitment(unit, coordinator, "no-path")
    actual(indicator(no_path, target_date=None), 1, coordinator)
    indicator(commitment(unit, coordinator, "no-figure"))
    lagging(unit, coordinator, "done", status=Commitment.Status.DONE)

    gaps = gap_analysis(today=TODAY)

    assert sorted(_references(gaps)) == ["behind", "falling", "slipped"]
    first = next(gap for gap in gaps if gap.commitment == behind)
    assert first.urgency == Urgency.LAGGING
    [lag] = first.lags
    assert lag.actual.value == Decimal(20) and 49 < lag.expected < 51
    # Read a year later the path has reached 100: the on-path figure of 60 then lags too.
    later = gap_analysis(today=PATH_END + datetime.timedelta(days=1))
    assert "on-path" in _references(later)
    # Read before the path starts, nothing lags.
    assert gap_analysis(today=PATH_START) == []


def test_weak_points_come_off_track_then_at_risk_then_lagging_each_by_nearest_deadline(
    unit, coordinator
) -> None:
    soon, later = datetime.date(2026, 3, 1), datetime.date(2026, 12, 1)
    lagging(unit, coordinator, "lagging-soon", deadline=soon)
    commitment(unit, coordinator, "risk-none", status=Commitment.Status.AT_RISK)
    commitment(unit, coordinator, "risk-late", status=Commitment.Status.AT_RISK, deadline=later)
    commitment(unit, coordinator, "risk-soon", status=Commitment.Status.AT_RISK, deadline=soon)
    # Off track and also lagging: its status says how urgent it is, its lags are still shown.
    off = lagging(unit, coordinator, "off-late", deadline=later)
    off.status = Commitment.Status.OFF_TRACK
    off.save()
    commitment(unit, coordinator, "not-assessed")
    commitment(unit, coordinator, "on-track", status=Commitment.Status.ON_TRACK)

    gaps = gap_analysis(today=TODAY)

    assert _references(gaps) == [
        "off-late",
        "risk-soon",
        "risk-late",
        "risk-none",
        "lagging-soon",
    ]
    assert [gap.urgency for gap in gaps] == [
        Urgency.OFF_TRACK,
        Urgency.AT_RISK,
        Urgency.AT_RISK,
        Urgency.AT_RISK,
        Urgency.LAGGING,
    ]
    assert len(gaps[0].lags) == 1


def test_a_weak_point_is_answered_by_an_open_need_a_live_opportunity_or_an_active_project(
    unit, donor, coordinator
) -> None:
    def weak(reference: str) -> Commitment:
        return commitment(unit, coordinator, reference, status=Commitment.Status.AT_RISK)

    open_need = weak("open-need")
    need(unit, coordinator, "ღია საჭიროება", open_need)
    met_need = weak("met-need")
    need(unit, coordinator, "დაკმაყოფილებული", met_need, status=Need.Status.MET)

    through_need = weak("opportunity-through-need")
    linked = need(unit, coordinator, "დაკმაყოფილებული 2", through_need, status=Need.Status.MET)
    linked.opportunities.add(opportunity(unit, donor, coordinator, title="გრანტი"))
    rejected_only = weak("rejected-opportunity")
    dead = need(unit, coordinator, "უარყოფილი", rejected_only, status=Need.Status.DROPPED)
    dead.opportunities.add(opportunity(unit, donor, coordinator, state=Opportunity.State.REJECTED))

    through_kpi = weak("opportunity-through-kpi")
    kpi(opportunity(unit, donor, coordinator, title="KPI-ით"), indicator(through_kpi), 30)

    project_through_need = weak("project-through-need")
    carrying = need(unit, coordinator, "პროექტით", project_through_need, status=Need.Status.MET)
    carrying.projects.add(project(coordinator, title_ka="მიმდინარე პროექტი"))
    cancelled_only = weak("cancelled-project")
    cancelled = need(unit, coordinator, "გაუქმებული", cancelled_only, status=Need.Status.MET)
    cancelled.projects.add(project(coordinator, status=ActivityStatus.CANCELLED))

    through_result = weak("project-through-result")
    result_indicator(project(coordinator, title_ka="შედეგით"), indicator(through_result), 10)
    closed_result = weak("closed-project-result")
    result_indicator(
        project(coordinator, status=ActivityStatus.CLOSED), indicator(closed_result), 5
    )

    answered = {gap.commitment.reference: gap for gap in gap_analysis(today=TODAY)}

    assert {reference for reference, gap in answered.items() if gap.answered} == {
        "open-need",
        "opportunity-through-need",
        "opportunity-through-kpi",
        "project-through-need",
        "project-through-result",
    }
    assert [n.title for n in answered["open-need"].answers.needs] == ["ღია საჭიროება"]
    assert answered["met-need"].answers.needs == []
    assert [o.title for o in answered["opportunity-through-kpi"].answers.opportunities] == [
        "KPI-ით"
    ]
    assert [p.title_ka for p in answered["project-through-result"].answers.projects] == ["შედეგით"]
    assert [p.title_ka for p in answered["project-through-need"].answers.projects] == [
        "მიმდინარე პროექტი"
    ]


def test_the_analysis_reads_only_the_commitments_it_is_given(unit, other_unit, coordinator) -> None:
    lagging(unit, coordinator, "ours")
    lagging(other_unit, coordinator, "theirs", framework=framework("nato-anp", position=6))
    ours = Commitment.objects.filter(responsible_unit=unit)
    assert _references(gap_analysis(ours, today=TODAY)) == ["ours"]
    nato = Commitment.objects.filter(framework__code="nato-anp")
    assert _references(gap_analysis(nato, today=TODAY)) == ["theirs"]


def _build(count: int, coordinator) -> None:
    """``count`` weak points, each answered several ways, spread over units and donors."""
    donors = [DonorFactory.create() for _ in range(3)]
    for number in range(count):
        unit = UnitFactory.create(code=f"gap-unit-{number % 4}")
        donor = donors[number % 3]
        weak = lagging(unit, coordinator, f"c-{number}", deadline=datetime.date(2026, 6, 1))
        if number % 2:
            weak.status = Commitment.Status.OFF_TRACK
            weak.save()
        served = indicator(weak, "მეორე")
        answering = need(unit, coordinator, f"საჭიროება {number}", weak)
        answering.opportunities.add(opportunity(unit, donor, coordinator))
        answering.projects.add(project(coordinator, donor=donor))
        kpi(opportunity(unit, donor, coordinator), served, 10)
        result_indicator(project(coordinator, donor=donor), served, 5)


@pytest.mark.parametrize("count", [5, 50])
def test_the_analysis_takes_the_same_few_queries_for_five_or_fifty_commitments(
    count, coordinator, django_assert_max_num_queries
) -> None:
    _build(count, coordinator)
    with django_assert_max_num_queries(10):
        gaps = gap_analysis(today=TODAY)
        for gap in gaps:  # what the page shows of each
            str(gap.commitment.framework)
            str(gap.commitment.responsible_unit)
            for found in gap.answers.needs:
                str(found.responsible_unit)
            for item in gap.answers.opportunities:
                str(item.donor)
    assert len(gaps) == count and all(gap.answered for gap in gaps)
    assert all(len(gap.answers.opportunities) == 2 for gap in gaps)
    assert all(len(gap.answers.projects) == 2 for gap in gaps)
