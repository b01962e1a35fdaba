"""Register ordering: empty values last where a column can be empty, plain order elsewhere."""

from __future__ import annotations

import pytest

from core.ordering import stable_order
from tests.factories import OpportunityFactory
from workflow.models import Opportunity


def _order_by_sql(fields: list[str]) -> str:
    sql = str(stable_order(Opportunity.objects.all(), fields).query)
    return sql.split("ORDER BY", 1)[1]


def test_a_column_that_is_never_empty_keeps_an_order_an_index_can_serve() -> None:
    order = _order_by_sql(["-created_at", "-id"])
    assert "NULLS" not in order
    assert order.count('"id"') == 1


def test_a_column_that_may_be_empty_puts_empty_values_last_and_breaks_ties_by_id() -> None:
    order = _order_by_sql(["-application_deadline"])
    assert "DESC NULLS LAST" in order
    assert order.strip().endswith('"workflow_opportunity"."id" DESC')


@pytest.mark.django_db
def test_items_without_a_value_come_last_both_ways() -> None:
    dated = OpportunityFactory.create(application_deadline="2027-01-01", with_kpi=False)
    undated = OpportunityFactory.create(application_deadline=None, with_kpi=False)
    for fields in (["application_deadline"], ["-application_deadline"]):
        assert list(stable_order(Opportunity.objects.all(), fields)) == [dated, undated]
