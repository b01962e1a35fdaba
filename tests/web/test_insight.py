"""The dashboard and the route report pages (their figures are tested in tests/insight)."""

from __future__ import annotations

import pytest

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
