"""The gap analysis, the indicator comparison and a need's donor match over HTTP: everyone
signed in reads them, as their pages; the filters are the page's; the number of queries does
not grow with the rows."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment
from core.models import Donor, OrganisationalUnit, User
from tests.conftest import client_for
from tests.factories import DonorFactory, UnitFactory
from tests.insight.commitment_data import (
    TODAY,
    actual,
    budget,
    commitment,
    framework,
    in_sector,
    indicator,
    kpi,
    lagging,
    need,
    opportunity,
    priority,
    project,
    result_indicator,
)

pytestmark = pytest.mark.django_db

BORDER = "15210"  # Security system management and reform


@pytest.fixture(autouse=True)
def _on_the_day() -> Any:
    """The figures are read on TODAY, half-way along every target path."""
    with time_machine.travel(datetime.datetime.combine(TODAY, datetime.time(12), datetime.UTC)):
        yield


def _queries(read: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = read()
    assert response.status_code == 200, response.json()
    return len(captured)


def _references(body: dict[str, Any]) -> list[str]:
    return [row["commitment"]["reference"] for row in body["results"]]


class TestGaps:
    def test_the_weak_points_the_worst_first_with_what_answers_them(
        self, unit, donor, coordinator, viewer, api
    ) -> None:
        behind = lagging(unit, coordinator, "behind")
        off = commitment(unit, coordinator, "off", status=Commitment.Status.OFF_TRACK)
        commitment(unit, coordinator, "fine", status=Commitment.Status.ON_TRACK)
        answering = need(unit, coordinator, "სასაზღვრო ტრენინგი", behind)
        answering.opportunities.add(opportunity(unit, donor, coordinator, title="გრანტი"))

        assert api.get("/api/commitments/gaps/").status_code == 401
        response = client_for(viewer).get("/api/commitments/gaps/")

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 2 and _references(body) == ["off", "behind"]
        first, second = body["results"]
        assert first["urgency"] == "off_track" and first["answered"] is False
        assert first["commitment"]["id"] == off.pk and first["commitment"]["framework_code"]
        assert second["urgency"] == "lagging" and second["answered"] is True
        [lag] = second["lags"]
        assert lag["actual"] == "20.00" and lag["period_end"] == "2026-01-01"
        assert 49 < float(lag["expected"]) < 51
        assert [row["title"] for row in second["needs"]] == ["სასაზღვრო ტრენინგი"]
        [grant] = second["opportunities"]
        assert grant["title"] == "გრანტი" and grant["donor"]["id"] == donor.pk
        assert second["projects"] == []

    def test_filtered_as_the_page_by_framework_unit_and_what_nothing_answers(
        self, unit, other_unit, coordinator, viewer
    ) -> None:
        ours = lagging(unit, coordinator, "ours")
        need(unit, coordinator, "პასუხი", ours)
        theirs = lagging(other_unit, coordinator, "theirs", framework=framework("nato-anp", 6))
        # A unit among the others responsible finds the commitment too.
        shared = lagging(other_unit, coordinator, "shared")
        shared.supporting_units.add(unit)
        client = client_for(viewer)

        by_unit = client.get(f"/api/commitments/gaps/?unit={unit.pk}").json()
        assert sorted(_references(by_unit)) == ["ours", "shared"]
        nato = client.get(f"/api/commitments/gaps/?framework={theirs.framework_id}").json()
        assert _references(nato) == ["theirs"]
        open_only = client.get("/api/commitments/gaps/?unanswered=true").json()
        assert sorted(_references(open_only)) == ["shared", "theirs"]
        both = client.get(f"/api/commitments/gaps/?unit={unit.pk}&unanswered=true").json()
        assert _references(both) == ["shared"]

    def test_a_wrong_filter_is_refused_by_field_in_georgian(self, viewer) -> None:
        response = client_for(viewer).get("/api/commitments/gaps/?unanswered=maybe&unit=x")
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert set(errors) == {"unanswered", "unit"}
        assert errors["unanswered"] == ["შეიყვანეთ true ან false."]

    def test_the_register_filters_are_not_the_pages(self, unit, coordinator, viewer) -> None:
        lagging(unit, coordinator, "ours", status=Commitment.Status.AT_RISK)
        # ``status`` is a filter of the register, not of the gap analysis: it narrows nothing.
        response = client_for(viewer).get("/api/commitments/gaps/?status=done")
        assert _references(response.json()) == ["ours"]

    def test_the_same_queries_for_five_or_fifty_weak_points(self, coordinator, viewer) -> None:
        client = client_for(viewer)

        def grow(start: int, stop: int) -> None:
            donors = [DonorFactory.create() for _ in range(3)]
            for number in range(start, stop):
                unit = UnitFactory.create(code=f"gap-api-{number}")
                weak = lagging(unit, coordinator, f"c-{number}")
                answering = need(unit, coordinator, f"საჭიროება {number}", weak)
                answering.opportunities.add(opportunity(unit, donors[number % 3], coordinator))
                answering.projects.add(project(coordinator))

        grow(0, 5)
        few = _queries(lambda: client.get("/api/commitments/gaps/?page_size=100"))
        grow(5, 50)
        response = client.get("/api/commitments/gaps/?page_size=100")
        assert response.json()["count"] == 50
        assert _queries(lambda: client.get("/api/commitments/gaps/?page_size=100")) == few


def _serving(unit: OrganisationalUnit, donor: Donor, user: User, served: Commitment) -> None:
    """An opportunity with a KPI for the commitment's indicator and a project with a result
    indicator for it."""
    [trained] = served.indicators.all()
    kpi(opportunity(unit, donor, user, title=f"გრანტი {donor.pk}"), trained, 40, name="KPI")
    funded = project(user, donor=donor, title_ka=f"პროექტი {donor.pk}")
    result_indicator(funded, trained, 12, title="შედეგი")
    budget(funded, 1000)


class TestComparison:
    def test_a_commitment_side_by_side(self, unit, donor, coordinator, viewer, api) -> None:
        served = commitment(unit, coordinator, "14.2")
        trained = indicator(served, "გადამზადებული")
        actual(trained, 20, coordinator)
        _serving(unit, donor, coordinator, served)
        url = f"/api/commitments/{served.pk}/comparison/"

        assert api.get(url).status_code == 401
        body = client_for(viewer).get(url).json()

        assert [row["id"] for row in body["commitments"]] == [served.pk]
        [row] = body["indicators"]
        assert row["id"] == trained.pk and row["latest_actual"]["value"] == "20.00"
        assert row["target"] == "100.00" and 49 < float(row["expected_today"]) < 51
        grant, funded = body["columns"]
        assert grant["kind"] == "opportunity" and grant["donors"][0]["id"] == donor.pk
        assert grant["contributions"] == [
            {
                "indicator": trained.pk,
                "name": "KPI",
                "baseline": "0.00",
                "target": "40.00",
                "unit": "პირი",
            }
        ]
        assert funded["kind"] == "project" and funded["amounts"] == [
            {"value": "1000.00", "currency": "EUR"}
        ]
        assert funded["contributions"][0]["target"] == "12.00"

    def test_a_need_side_by_side_with_what_it_links_itself(
        self, unit, donor, coordinator, viewer
    ) -> None:
        served = commitment(unit, coordinator, "14.2")
        indicator(served)
        _serving(unit, donor, coordinator, served)
        wanted = need(unit, coordinator, "საჭიროება", served)
        own = project(coordinator, title_ka="საკუთარი")
        wanted.projects.add(own)

        body = client_for(viewer).get(f"/api/needs/{wanted.pk}/comparison/").json()

        assert [row["id"] for row in body["commitments"]] == [served.pk]
        titles = [column["title"] for column in body["columns"]]
        assert "საკუთარი" in titles and len(titles) == 3

    def test_an_unknown_item_is_not_found_in_georgian(self, viewer) -> None:
        for url in ("/api/commitments/999999/comparison/", "/api/needs/999999/comparison/"):
            response = client_for(viewer).get(url)
            assert response.status_code == 404
            assert response.json()["detail"] == "ჩანაწერი ვერ მოიძებნა."

    def test_the_same_queries_for_five_or_fifty_items(self, unit, coordinator, viewer) -> None:
        served = commitment(unit, coordinator, "14.2")
        indicator(served)
        wanted = need(unit, coordinator, "საჭიროება", served)
        client = client_for(viewer)

        def grow(count: int) -> None:
            for _ in range(count):
                _serving(unit, DonorFactory.create(), coordinator, served)

        grow(5)
        few = (
            _queries(lambda: client.get(f"/api/commitments/{served.pk}/comparison/")),
            _queries(lambda: client.get(f"/api/needs/{wanted.pk}/comparison/")),
        )
        grow(45)
        body = client.get(f"/api/commitments/{served.pk}/comparison/").json()
        assert len(body["columns"]) == 100
        many = (
            _queries(lambda: client.get(f"/api/commitments/{served.pk}/comparison/")),
            _queries(lambda: client.get(f"/api/needs/{wanted.pk}/comparison/")),
        )
        assert many == few


class TestDonorMatch:
    def test_the_donors_that_match_say_why_and_what_they_funded(
        self, unit, coordinator, viewer, api
    ) -> None:
        served = commitment(unit, coordinator, "14.2", framework=framework("eu-aa"))
        wanted = need(unit, coordinator, "სასაზღვრო ლაბორატორია", served, sector=BORDER)
        funder = DonorFactory.create(acronym="EU", name_ka="ევროკავშირი")
        priority(funder, framework=served.framework)
        priority(funder, theme="ლაბორატორი")
        before = project(coordinator, donor=funder, title_ka="ლაბორატორია 2019")
        in_sector(before, BORDER)
        budget(before, 5000)
        elsewhere = DonorFactory.create(acronym="X")
        priority(elsewhere, theme="განათლება")
        url = f"/api/needs/{wanted.pk}/donor-match/"

        assert api.get(url).status_code == 401
        response = client_for(viewer).get(url)

        assert response.status_code == 200
        [match] = response.json()
        assert match["donor"] == {"id": funder.pk, "name": "ევროკავშირი"}
        assert [reason["kind"] for reason in match["reasons"]] == ["framework", "theme"]
        [funded] = match["funded"]
        assert funded["id"] == before.pk and funded["amounts"] == [
            {"value": "5000.00", "currency": "EUR"}
        ]

    def test_an_unknown_need_is_not_found(self, viewer) -> None:
        assert client_for(viewer).get("/api/needs/999999/donor-match/").status_code == 404

    def test_the_same_queries_for_five_or_fifty_donors(self, unit, coordinator, viewer) -> None:
        served = commitment(unit, coordinator, "1.1")
        wanted = need(unit, coordinator, "მიგრაცია", served, sector=BORDER)
        client = client_for(viewer)
        url = f"/api/needs/{wanted.pk}/donor-match/"

        def grow(start: int, stop: int) -> None:
            for number in range(start, stop):
                donor = DonorFactory.create(acronym=f"D{number}")
                priority(donor, framework=served.framework)
                priority(donor, sector=BORDER)
                made = project(coordinator, donor=donor)
                in_sector(made, BORDER)
                budget(made, 1000)

        grow(0, 5)
        few = _queries(lambda: client.get(url))
        grow(5, 50)
        assert len(client.get(url).json()) == 50
        assert _queries(lambda: client.get(url)) == few
