"""Needs: a write changes only what it names, the history says exactly what changed, and
ETag / If-Match make a write conditional."""

from __future__ import annotations

import pytest

from core.errors import VersionConflict
from needs.api.serializers import NeedSerializer
from needs.models import Need, NeedEdit
from needs.services import need_create, need_update
from tests.conditional_writes import assert_conditional_writes, while_the_request_runs
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(coordinator, unit):
    return need_create(
        user=coordinator,
        fields={"title": "საწყისი", "source": "aa", "priority": "high", "responsible_unit": unit},
    )


def test_a_patch_does_not_revert_a_field_saved_meanwhile(
    need, coordinator, focal_point, make_opportunity, monkeypatch
) -> None:
    opportunity = make_opportunity()

    def meanwhile() -> None:
        need_update(
            need=Need.objects.get(pk=need.pk),
            user=coordinator,
            fields={"title": "სხვისი"},
            opportunities=[opportunity],
        )

    while_the_request_runs(monkeypatch, NeedSerializer, meanwhile)
    response = client_for(focal_point).patch(
        f"/api/needs/{need.pk}/", {"priority": "low"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["opportunities"] == [opportunity.pk]
    stored = Need.objects.get(pk=need.pk)
    assert (stored.title, stored.priority, stored.version) == ("სხვისი", "low", 3)
    assert [e.changes for e in NeedEdit.objects.order_by("id")] == [
        {"title": ["საწყისი", "სხვისი"], "opportunities": [[], [str(opportunity)]]},
        {"priority": ["high", "low"]},
    ]


def test_etag_and_if_match(need, focal_point) -> None:
    answer = assert_conditional_writes(
        client_for(focal_point), f"/api/needs/{need.pk}/", {"status": "in_progress"}
    )
    assert answer["status"] == "in_progress"
    assert NeedEdit.objects.get().changes == {"status": ["open", "in_progress"]}


def test_a_put_honours_if_match_too(need, focal_point, unit) -> None:
    body = {"title": "ახალი", "source": "aa", "responsible_unit": unit.pk}
    assert_conditional_writes(client_for(focal_point), f"/api/needs/{need.pk}/", body, "put")


def test_a_stale_service_edit_is_refused_and_changes_nothing(need, coordinator) -> None:
    need_update(need=need, user=coordinator, fields={"title": "ა"}, expected_version=1)
    with pytest.raises(VersionConflict) as refused:
        need_update(need=need, user=coordinator, fields={"title": "ბ"}, expected_version=1)
    assert refused.value.current_version == 2
    assert Need.objects.get(pk=need.pk).title == "ა" and NeedEdit.objects.count() == 1


def test_a_need_handed_to_another_unit_meanwhile_is_not_taken_back_by_the_first(
    need, coordinator, focal_point, other_unit, unit
) -> None:
    """Who may edit is judged on the need as stored, not on the copy read before the edit."""
    from core.errors import ActionForbidden

    opened = Need.objects.get(pk=need.pk)  # the focal point's copy, still of their unit
    need_update(need=need, user=coordinator, fields={"responsible_unit": other_unit})
    with pytest.raises(ActionForbidden):
        need_update(need=opened, user=focal_point, fields={"responsible_unit": unit})
    assert Need.objects.get(pk=need.pk).responsible_unit == other_unit
