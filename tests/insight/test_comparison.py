"""The indicator comparison: what serves a commitment or a need, side by side, with what each
item expects for each of the commitment's indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.codelists import ActivityStatus
from insight.comparison import Amount, commitment_comparison, need_comparison
from tests.factories import DonorFactory, UnitFactory
from tests.insight.commitment_data import (
    TODAY,
    actual,
    budget,
    commitment,
    framework,
    indicator,
    kpi,
    need,
    opportunity,
    project,
    result_indicator,
)
from workflow.models import Opportunity

pytestmark = pytest.mark.django_db


def test_each_item_serving_a_commitment_shows_what_it_expects_for_each_indicator(
    unit, donor, coordinator
) -> None:
    served = commitment(unit, coordinator, "14.2")
    trained, equipped = indicator(served, "გადამზადებული"), indicator(served, "აღჭურვილი")
    actual(trained, 20, coordinator)

    by_kpi = opportunity(
        unit, donor, coordinator, title="გრანტი", estimated_value=Decimal(200000), currency="EUR"
    )
    kpi(by_kpi, trained, 40, name="გადამზადდება")
    kpi(by_kpi, trained, 5, name="ტრენერები")
    confirmed = opportunity(
        unit,
        donor,
        coordinator,
        title="დადასტურებული",
        state=Opportunity.State.MONITORED,
        confirmed_amount=Decimal(90000),
        confirmed_currency="USD",
    )
    need(unit, coordinator, "საჭიროება", served).opportunities.add(confirmed)
    finished = opportunity(unit, donor, coordinator, title="დახურული", state="closed")
    kpi(finished, trained, 99)

    funder = DonorFactory.create(acronym="SIDA")
    by_result = project(coordinator, donor=funder, title_ka="აღჭურვა")
    result_indicator(by_result, equipped, 12, title="მანქანები")
    budget(by_result, 300000)
    budget(by_result, 50000, "GEL")
    closed = project(coordinator, title_ka="დასრულებული", status=ActivityStatus.CLOSED)
    result_indicator(closed, equipped, 1)

    comparison = commitment_comparison(served, today=TODAY)

    assert [column.title for column in comparison.columns] == [
        "გრანტი",
        "დადასტურებული",
        "აღჭურვა",
    ]
    grant, monitored, equipping = comparison.columns
    assert [row.indicator for row in comparison.rows] == [trained, equipped]
    first, second = comparison.rows
    assert first.latest is not None and first.latest.value == Decimal(20)
    assert first.expected is not None and 49 < first.expected < 51
    assert [[c.target for c in cell] for cell in first.cells] == [
        [Decimal(40), Decimal(5)],
        [],
        [],
    ]
    assert [[c.name for c in cell] for cell in second.cells] == [[], [], ["მანქანები"]]
    # The same contributions, a card per item.
    assert [(i.name, [c.target for c in cs]) for i, cs in equipping.cells] == [
        ("გადამზადებული", []),
        ("აღჭურვილი", [Decimal(12)]),
    ]
    assert grant.amounts == [Amount(Decimal(200000), "EUR")] and not grant.amount_confirmed
    assert monitored.amounts == [Amount(Decimal(90000), "USD")] and monitored.amount_confirmed
    assert equipping.amounts == [Amount(Decimal(300000), "EUR"), Amount(Decimal(50000), "GEL")]
    assert grant.donors == [donor] and equipping.donors == [funder]
    assert monitored.state == Opportunity.State.MONITORED.label
    assert grant.contributes and not monitored.contributes


def test_a_needs_comparison_covers_its_commitments_and_what_is_linked_to_it(
    unit, donor, coordinator
) -> None:
    aa = commitment(unit, coordinator, "14.2")
    nato = commitment(unit, coordinator, "ANP-3", framework=framework("nato-anp", position=6))
    aa_indicator, nato_indicator = indicator(aa, "AA"), indicator(nato, "NATO")
    served = need(unit, coordinator, "ლაბორატორია", aa, nato)
    own = opportunity(unit, donor, coordinator, title="საკუთარი")
    served.opportunities.add(own)
    served.opportunities.add(opportunity(unit, donor, coordinator, state="rejected"))
    kpi(opportunity(unit, donor, coordinator, title="NATO-ს"), nato_indicator, 3)
    result_indicator(project(coordinator, title_ka="AA-ს"), aa_indicator, 7)
    # Serving another commitment only: not in this comparison.
    other = commitment(unit, coordinator, "99")
    kpi(opportunity(unit, donor, coordinator, title="სხვა"), indicator(other), 1)

    comparison = need_comparison(served, today=TODAY)

    assert sorted(c.reference for c in comparison.commitments) == ["14.2", "ANP-3"]
    assert [row.indicator.name for row in comparison.rows] == ["AA", "NATO"]
    assert sorted(column.title for column in comparison.columns) == ["AA-ს", "NATO-ს", "საკუთარი"]

    alone = need(unit, coordinator, "უვალდებულებო")
    alone.opportunities.add(own)
    only_own = need_comparison(alone, today=TODAY)
    assert only_own.rows == [] and [column.title for column in only_own.columns] == ["საკუთარი"]


def _build(count: int, coordinator) -> object:
    served = commitment(UnitFactory.create(code="cmp-unit"), coordinator, "1.1")
    indicators = [indicator(served, f"ინდიკატორი {n}") for n in range(3)]
    for indicator_ in indicators:
        actual(indicator_, 10, coordinator)
    donors = [DonorFactory.create() for _ in range(3)]
    for number in range(count):
        unit = UnitFactory.create(code=f"cmp-unit-{number % 4}")
        donor = donors[number % 3]
        if number % 2:
            item = opportunity(unit, donor, coordinator)
            kpi(item, indicators[number % 3], number)
        else:
            made = project(coordinator, donor=donor)
            result_indicator(made, indicators[number % 3], number)
            budget(made, 1000 * number)
    return served


@pytest.mark.parametrize("count", [5, 50])
def test_a_comparison_takes_the_same_few_queries_for_five_or_fifty_items(
    count, coordinator, django_assert_max_num_queries
) -> None:
    served = _build(count, coordinator)
    with django_assert_max_num_queries(12):
        comparison = commitment_comparison(served, today=TODAY)  # type: ignore[arg-type]
        for column in comparison.columns:  # what the page shows of each
            [str(donor) for donor in column.donors]
    assert len(comparison.columns) == count
    assert sum(len(cell) for row in comparison.rows for cell in row.cells) == count
