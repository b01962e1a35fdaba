"""The register list is shaped from plain rows; it must answer exactly what the serializer would."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from tests.conftest import client_for
from tests.factories import DonorFactory, MeetingFactory, OpportunityFactory, UnitFactory
from workflow import selectors
from workflow.api.serializers import OpportunitySerializer
from workflow.models import KeyPerformanceIndicator, Opportunity


@pytest.fixture
def varied_register(db: None) -> list[Opportunity]:
    """Items that between them fill every field, leave every optional one empty, and order their
    units and indicators differently from how they were added."""
    bare = OpportunityFactory.create(
        with_kpi=False,
        estimated_value=None,
        donor=DonorFactory.create(name_ka="ბ დონორი", name_en=""),
    )
    full = OpportunityFactory.create(
        with_kpi=False,
        state=Opportunity.State.CLOSED,
        closing_outcome=Opportunity.Outcome.COMPLETED,
        estimated_value=Decimal("1234567.5"),
        currency="USD",
        application_deadline=datetime.date(2027, 3, 31),
        presented_at=MeetingFactory.create(),
        confirmed_amount=Decimal("1000000"),
        confirmed_currency="EUR",
        funding_start_date=datetime.date(2027, 5, 1),
        description="<b>აღწერა</b>",
        need="საჭიროება",
        donor=DonorFactory.create(name_ka="ა დონორი", name_en="A donor"),
        owning_unit=UnitFactory.create(name_ka="ზ სამსახური", name_en="Z office"),
    )
    full.beneficiary_units.set(
        [UnitFactory.create(name_ka="ჰ ერთეული"), UnitFactory.create(name_ka="ა ერთეული")]
    )
    KeyPerformanceIndicator.objects.create(
        opportunity=full, name="მეორე", target=Decimal("2.5"), baseline=None, position=2
    )
    KeyPerformanceIndicator.objects.create(
        opportunity=full, name="პირველი", unit="%", target=100, baseline=Decimal("0.1"), position=1
    )
    with_kpi = OpportunityFactory.create(state=Opportunity.State.MONITORED)
    return [bare, full, with_kpi]


def _serializer_answer() -> list[dict[str, object]]:
    items = selectors.opportunity_register().order_by("-created_at", "-id")
    data = OpportunitySerializer(items, many=True).data
    return json.loads(JSONRenderer().render(data))


@pytest.mark.parametrize("language", ["ka", "en"])
def test_list_answers_what_the_serializer_answers(varied_register, viewer, language) -> None:
    response = client_for(viewer).get("/api/opportunities/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    with translation.override(language):
        expected = _serializer_answer()
    assert response.json()["results"] == expected
    assert response.json()["count"] == 3


def test_the_full_item_reads_as_stored(varied_register, viewer) -> None:
    full = varied_register[1]
    response = client_for(viewer).get(
        "/api/opportunities/", {"state": "closed"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    [item] = response.json()["results"]
    assert item["estimated_value"] == "1234567.50"
    assert item["donor_name"] == "A donor"
    assert item["state_label"] == "Closed"
    assert item["presented_at"] == full.presented_at_id
    assert [kpi["name"] for kpi in item["kpis"]] == ["პირველი", "მეორე"]
    assert item["kpis"][1]["baseline"] is None
    assert len(item["beneficiary_units"]) == 2


def test_filters_search_and_ordering_still_apply(varied_register, viewer) -> None:
    client = client_for(viewer)
    by_state = client.get("/api/opportunities/", {"state": "monitored"}).json()
    assert [item["id"] for item in by_state["results"]] == [varied_register[2].pk]
    searched = client.get("/api/opportunities/", {"search": "საჭიროება"}).json()
    assert [item["id"] for item in searched["results"]] == [varied_register[1].pk]
    ordered = client.get("/api/opportunities/", {"ordering": "reference"}).json()
    references = [item["reference"] for item in ordered["results"]]
    assert references == sorted(references)
