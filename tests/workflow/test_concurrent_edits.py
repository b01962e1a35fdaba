"""Two people saving the same opportunity lose nothing: a write changes only what it names, the
history says exactly what changed, and a write on a stale version is refused."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from core.errors import VersionConflict
from tests.conditional_writes import assert_conditional_writes, while_the_request_runs
from tests.conftest import client_for
from tests.workflow.test_concurrency import _run_together
from workflow.api import serializers
from workflow.api.serializers import OpportunitySerializer
from workflow.models import Opportunity, OpportunityEdit
from workflow.services import opportunity_transition, opportunity_update
from workflow.services.opportunities import OpportunityFields


def _fresh(opportunity: Opportunity) -> Opportunity:
    return Opportunity.objects.get(pk=opportunity.pk)


@pytest.mark.django_db
class TestOneFieldAtATime:
    def test_a_patch_does_not_revert_a_field_saved_meanwhile(
        self, focal_point, coordinator, make_opportunity, monkeypatch
    ) -> None:
        opportunity = make_opportunity(title="საწყისი", description="საწყისი აღწერა")

        def meanwhile() -> None:
            opportunity_update(
                opportunity=_fresh(opportunity), user=coordinator, fields={"title": "კოორდინატორის"}
            )

        while_the_request_runs(monkeypatch, OpportunitySerializer, meanwhile)
        response = client_for(focal_point).patch(
            f"/api/opportunities/{opportunity.pk}/", {"description": "ახალი აღწერა"}, format="json"
        )

        assert response.status_code == 200, response.content
        assert (response.json()["title"], response.json()["version"]) == ("კოორდინატორის", 3)
        stored = _fresh(opportunity)
        assert (stored.title, stored.description) == ("კოორდინატორის", "ახალი აღწერა")
        edits = [(e.actor, e.changes) for e in OpportunityEdit.objects.order_by("id")]
        assert edits == [
            (coordinator, {"title": ["საწყისი", "კოორდინატორის"]}),
            (focal_point, {"description": ["საწყისი აღწერა", "ახალი აღწერა"]}),
        ]

    def test_a_service_edit_from_an_old_copy_changes_only_its_fields(
        self, focal_point, coordinator, make_opportunity
    ) -> None:
        opportunity = make_opportunity(title="საწყისი", need="საწყისი საჭიროება")
        old_copy = _fresh(opportunity)
        opportunity_update(opportunity=_fresh(opportunity), user=coordinator, fields={"title": "B"})
        opportunity_update(opportunity=old_copy, user=focal_point, fields={"need": "C"})

        stored = _fresh(opportunity)
        assert (stored.title, stored.need, stored.version) == ("B", "C", 3)
        assert old_copy.title == "B"  # the copy was read again before it was changed
        assert OpportunityEdit.objects.latest("id").changes == {"need": ["საწყისი საჭიროება", "C"]}

    def test_an_edit_that_changes_nothing_keeps_the_version_and_writes_no_history(
        self, focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity(title="იგივე")
        opportunity_update(opportunity=opportunity, user=focal_point, fields={"title": "იგივე"})
        assert _fresh(opportunity).version == 1 and not OpportunityEdit.objects.exists()

    def test_a_transition_moves_the_version_on_too(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity()
        opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
        assert _fresh(opportunity).version == 2
        with pytest.raises(VersionConflict) as refused:
            opportunity_transition(
                opportunity=opportunity, user=coordinator, name="withdraw", expected_version=1
            )
        assert refused.value.current_version == 2


@pytest.mark.django_db
class TestConditionalWrites:
    def test_etag_and_if_match_on_update(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity()
        answer = assert_conditional_writes(
            client_for(focal_point), f"/api/opportunities/{opportunity.pk}/", {"title": "ახალი"}
        )
        assert answer["title"] == "ახალი"
        assert OpportunityEdit.objects.get().changes["title"][1] == "ახალი"

    def test_if_match_on_a_transition(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity()
        client = client_for(coordinator)
        url = f"/api/opportunities/{opportunity.pk}/transitions/present/"
        stale = client.post(url, {}, format="json", HTTP_IF_MATCH='"5"')
        assert stale.status_code == 412 and stale.json()["current"]["state"] == "identified"
        moved = client.post(url, {}, format="json", HTTP_IF_MATCH='"1"')
        assert moved.status_code == 200 and moved["ETag"] == '"2"'
        assert moved.json()["state"] == "presented"

    def test_without_if_match_a_stale_copy_is_no_conflict(
        self, focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        client = client_for(focal_point)
        url = f"/api/opportunities/{opportunity.pk}/"
        assert client.patch(url, {"title": "ა"}, format="json").status_code == 200
        second = client.patch(url, {"description": "ბ"}, format="json")
        assert second.status_code == 200 and second["ETag"] == '"3"'
        assert (
            client.patch(url, {"title": "გ"}, format="json", HTTP_IF_MATCH="*").status_code == 200
        )

    def test_a_new_opportunity_answers_with_its_first_etag(self, focal_point, unit, donor) -> None:
        created = client_for(focal_point).post(
            "/api/opportunities/",
            {"title": "ა", "kind": "grant", "donor": donor.pk, "owning_unit": unit.pk},
            format="json",
        )
        assert created.status_code == 201 and created["ETag"] == '"1"'

    def test_the_register_list_carries_each_version(self, viewer, make_opportunity) -> None:
        make_opportunity()
        rows = client_for(viewer).get("/api/opportunities/").json()["results"]
        assert [row["version"] for row in rows] == [1]


on_postgresql = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking"),
]


class TestAtTheSameMoment:
    pytestmark = on_postgresql

    def test_two_saves_of_the_same_version_one_wins_the_other_is_refused(
        self, focal_point, coordinator, make_opportunity
    ) -> None:
        initial = {"title": "საწყისი", "description": "საწყისი აღწერა"}
        opportunity = make_opportunity(**initial)
        both_read = threading.Barrier(2, timeout=10)

        def save(user: Any, fields: OpportunityFields) -> Any:
            copy = _fresh(opportunity)  # each opened the same version
            both_read.wait()
            opportunity_update(opportunity=copy, user=user, fields=fields, expected_version=1)
            return fields

        results = _run_together(
            [
                lambda: save(focal_point, {"title": "ფოკუსური პირის"}),
                lambda: save(coordinator, {"description": "კოორდინატორის აღწერა"}),
            ]
        )

        won = [r for r in results if isinstance(r, dict)]
        refused = [r for r in results if isinstance(r, VersionConflict)]
        assert len(won) == 1 and len(refused) == 1, results
        assert refused[0].current_version == 2
        stored = _fresh(opportunity)
        expected = initial | won[0]
        assert (stored.title, stored.description, stored.version) == (
            expected["title"],
            expected["description"],
            2,
        )
        (edit,) = OpportunityEdit.objects.all()
        (name,) = won[0]
        assert edit.changes == {name: [initial[name], won[0][name]]}

    def test_two_saves_without_a_version_keep_both_and_the_history_matches(
        self, focal_point, coordinator, make_opportunity
    ) -> None:
        opportunity = make_opportunity(title="საწყისი", description="საწყისი აღწერა")
        both_read = threading.Barrier(2, timeout=10)

        def save(user: Any, fields: OpportunityFields) -> None:
            copy = _fresh(opportunity)
            both_read.wait()
            opportunity_update(opportunity=copy, user=user, fields=fields)

        results = _run_together(
            [
                lambda: save(focal_point, {"title": "ფოკუსური პირის"}),
                lambda: save(coordinator, {"description": "კოორდინატორის აღწერა"}),
            ]
        )

        assert results == [None, None]
        stored = _fresh(opportunity)
        assert (stored.title, stored.description, stored.version) == (
            "ფოკუსური პირის",
            "კოორდინატორის აღწერა",
            3,
        )
        assert sorted(list(e.changes.items()) for e in OpportunityEdit.objects.all()) == [
            [("description", ["საწყისი აღწერა", "კოორდინატორის აღწერა"])],
            [("title", ["საწყისი", "ფოკუსური პირის"])],
        ]

    def test_two_api_writes_with_the_same_etag_answer_200_and_412(
        self, focal_point, coordinator, make_opportunity, monkeypatch
    ) -> None:
        opportunity = make_opportunity(title="საწყისი")
        both_read = threading.Barrier(2, timeout=10)
        original = serializers.OpportunitySerializer.is_valid

        def is_valid_after_both_read(self, *args, **kwargs):
            both_read.wait()
            return original(self, *args, **kwargs)

        monkeypatch.setattr(serializers.OpportunitySerializer, "is_valid", is_valid_after_both_read)

        def patch(user: Any, title: str) -> tuple[int, Any]:
            response = client_for(user).patch(
                f"/api/opportunities/{opportunity.pk}/",
                {"title": title},
                format="json",
                HTTP_IF_MATCH='"1"',
            )
            return response.status_code, response.json()

        results = _run_together([lambda: patch(focal_point, "ა"), lambda: patch(coordinator, "ბ")])

        assert sorted(status for status, _body in results) == [200, 412], results
        winner = next(body for status, body in results if status == 200)
        loser = next(body for status, body in results if status == 412)
        assert loser["version"] == 2 and loser["current"]["title"] == winner["title"]
        stored = _fresh(opportunity)
        assert (stored.title, stored.version) == (winner["title"], 2)
        assert [e.changes for e in OpportunityEdit.objects.all()] == [
            {"title": ["საწყისი", winner["title"]]}
        ]
