"""Rules enforced by the services: guards, comments, permissions, history and the outbox."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from core.errors import ActionBlocked, ActionForbidden, StateConflict, UnknownAction
from notifications.models import Notification
from tests.factories import MeetingFactory
from workflow.models import AgendaItem, Opportunity, OpportunityEdit, TransitionLog
from workflow.services import (
    opportunities_decide,
    opportunity_approve,
    opportunity_create,
    opportunity_transition,
    opportunity_update,
)


def _fields(unit, donor, **extra):
    return {"title": "ტრენინგი", "kind": "training", "donor": donor, "owning_unit": unit, **extra}


class TestCreate:
    def test_focal_point_registers_for_own_unit(self, focal_point, unit, donor) -> None:
        with time_machine.travel(datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC)):
            first = opportunity_create(user=focal_point, fields=_fields(unit, donor))
            second = opportunity_create(user=focal_point, fields=_fields(unit, donor))
        assert (first.reference, second.reference) == ("OPP-2026-0001", "OPP-2026-0002")
        assert first.state == Opportunity.State.IDENTIFIED
        assert first.currency == "GEL"

    def test_reference_numbering_restarts_each_year_in_tbilisi_time(
        self, focal_point, unit, donor
    ) -> None:
        with time_machine.travel(datetime.datetime(2026, 12, 31, 19, 30, tzinfo=datetime.UTC)):
            late = opportunity_create(user=focal_point, fields=_fields(unit, donor))
        assert late.reference == "OPP-2026-0001"
        # 21:00 UTC on 31 December is already 1 January in Tbilisi (UTC+4).
        with time_machine.travel(datetime.datetime(2026, 12, 31, 21, 0, tzinfo=datetime.UTC)):
            new_year = opportunity_create(user=focal_point, fields=_fields(unit, donor))
        assert new_year.reference == "OPP-2027-0001"

    def test_focal_point_cannot_register_for_another_unit(
        self, focal_point, other_unit, donor
    ) -> None:
        with pytest.raises(ActionForbidden):
            opportunity_create(user=focal_point, fields=_fields(other_unit, donor))
        assert not Opportunity.objects.exists()

    def test_coordinator_registers_for_any_unit(self, coordinator, other_unit, donor) -> None:
        created = opportunity_create(user=coordinator, fields=_fields(other_unit, donor))
        assert created.owning_unit == other_unit

    @pytest.mark.parametrize("user_fixture", ["minister", "viewer", "unit_head", "outsider"])
    def test_others_cannot_register(self, request, user_fixture, unit, donor) -> None:
        with pytest.raises(ActionForbidden):
            opportunity_create(
                user=request.getfixturevalue(user_fixture), fields=_fields(unit, donor)
            )

    def test_invalid_values_are_refused_and_nothing_is_saved(
        self, focal_point, unit, donor
    ) -> None:
        with pytest.raises(ActionBlocked) as refused:
            opportunity_create(
                user=focal_point,
                fields=_fields(unit, donor, currency="XXZ", estimated_value=Decimal("-5")),
            )
        text = " ".join(refused.value.messages)
        assert "ვალუტა:" in text and "სავარაუდო ღირებულება:" in text
        assert not Opportunity.objects.exists()

    def test_kpis_are_stored_in_order(self, focal_point, unit, donor) -> None:
        created = opportunity_create(
            user=focal_point,
            fields=_fields(unit, donor),
            kpis=[
                {"name": "A", "unit": "პირი", "baseline": None, "target": Decimal(10)},
                {"name": "B", "unit": "%", "baseline": Decimal(5), "target": Decimal(50)},
            ],
        )
        assert [(k.name, k.target) for k in created.kpis.all()] == [("A", 10), ("B", 50)]


class TestEdit:
    def test_edit_is_recorded_with_old_and_new_values(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(title="ძველი")
        opportunity_update(opportunity=opportunity, user=focal_point, fields={"title": "ახალი"})
        edit = OpportunityEdit.objects.get(opportunity=opportunity)
        assert edit.actor == focal_point
        assert edit.changes == {"title": ["ძველი", "ახალი"]}

    def test_kpi_and_unit_changes_are_recorded(self, focal_point, make_opportunity, unit) -> None:
        opportunity = make_opportunity()
        opportunity_update(
            opportunity=opportunity,
            user=focal_point,
            fields={},
            beneficiary_units=[unit],
            kpis=[{"name": "ახალი KPI", "unit": "", "baseline": None, "target": Decimal(3)}],
        )
        changes = OpportunityEdit.objects.get().changes
        assert changes["beneficiary_units"] == [[], [unit.pk]]
        assert changes["kpis"][1] == [
            {"name": "ახალი KPI", "unit": "", "baseline": "None", "target": "3.00"}
        ]

    def test_edit_without_change_leaves_no_history(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(title="იგივე")
        opportunity_update(opportunity=opportunity, user=focal_point, fields={"title": "იგივე"})
        assert not OpportunityEdit.objects.exists()

    def test_other_units_focal_point_cannot_edit(
        self, other_unit_focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity(title="უცვლელი")
        with pytest.raises(ActionForbidden):
            opportunity_update(
                opportunity=opportunity, user=other_unit_focal_point, fields={"title": "x"}
            )
        opportunity.refresh_from_db()
        assert opportunity.title == "უცვლელი"

    @pytest.mark.parametrize("state", ["presented", "approved", "monitored", "closed"])
    def test_only_identified_items_can_be_edited(
        self, state, focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity(state=state)
        with pytest.raises(StateConflict):
            opportunity_update(opportunity=opportunity, user=focal_point, fields={"title": "x"})

    def test_focal_point_cannot_move_item_to_another_unit(
        self, focal_point, make_opportunity, other_unit
    ) -> None:
        opportunity = make_opportunity()
        with pytest.raises(ActionForbidden):
            opportunity_update(
                opportunity=opportunity, user=focal_point, fields={"owning_unit": other_unit}
            )

    def test_edit_of_an_item_presented_meanwhile_is_refused(
        self, focal_point, coordinator, make_opportunity
    ) -> None:
        stale = make_opportunity()
        fresh = Opportunity.objects.get(pk=stale.pk)
        opportunity_transition(opportunity=fresh, user=coordinator, name="present")
        # The stale copy still reads "identified": the save must not overwrite the new state.
        with pytest.raises(StateConflict):
            opportunity_update(opportunity=stale, user=focal_point, fields={"title": "გვიანი"})
        stale.refresh_from_db()
        assert (stale.state, stale.title) == ("presented", fresh.title)


class TestGuards:
    def test_present_needs_expected_results_and_a_kpi(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity(expected_results="", with_kpi=False)
        with pytest.raises(ActionBlocked) as blocked:
            opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
        # Georgian is the default language of every message.
        assert blocked.value.messages == [
            "წარდგენამდე აუცილებელია მოსალოდნელი შედეგების მითითება.",
            "წარდგენამდე აუცილებელია მინიმუმ ერთი შესრულების საკვანძო ინდიკატორი.",
        ]
        opportunity.refresh_from_db()
        assert opportunity.state == "identified"

    def test_present_records_the_meeting(self, coordinator, make_opportunity) -> None:
        meeting = MeetingFactory.create(created_by=coordinator)
        opportunity = make_opportunity()
        AgendaItem.objects.create(meeting=meeting, opportunity=opportunity)
        opportunity_transition(
            opportunity=opportunity, user=coordinator, name="present", meeting=meeting
        )
        opportunity.refresh_from_db()
        assert opportunity.presented_at == meeting

    def test_start_monitoring_needs_amount_currency_and_start_date(
        self, focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity(state="in_communication")
        with pytest.raises(ActionBlocked) as blocked:
            opportunity_transition(
                opportunity=opportunity, user=focal_point, name="start_monitoring"
            )
        assert len(blocked.value.messages) == 3
        opportunity.refresh_from_db()
        assert (opportunity.state, opportunity.confirmed_amount) == ("in_communication", None)

    def test_start_monitoring_refuses_zero_amount(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(state="in_communication")
        with pytest.raises(ActionBlocked, match="ნულზე მეტი"):
            opportunity_transition(
                opportunity=opportunity,
                user=focal_point,
                name="start_monitoring",
                confirmed_amount=Decimal(0),
                confirmed_currency="EUR",
                funding_start_date=datetime.date(2026, 12, 1),
            )

    def test_start_monitoring_keeps_the_confirmed_funding(
        self, focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity(state="in_communication")
        opportunity_transition(
            opportunity=opportunity,
            user=focal_point,
            name="start_monitoring",
            confirmed_amount=Decimal("14500000"),
            confirmed_currency="SEK",
            funding_start_date=datetime.date(2026, 12, 1),
        )
        opportunity.refresh_from_db()
        assert (
            opportunity.state,
            opportunity.confirmed_amount,
            opportunity.confirmed_currency,
        ) == (
            "monitored",
            Decimal("14500000.00"),
            "SEK",
        )

    @pytest.mark.parametrize(
        ("name", "state", "actor"),
        [
            ("reject", "presented", "minister"),
            ("return_for_revision", "presented", "minister"),
            ("mark_not_funded", "in_communication", "coordinator"),
            ("close", "monitored", "coordinator"),
            ("withdraw", "approved", "focal_point"),
        ],
    )
    def test_comment_is_required(self, request, name, state, actor, make_opportunity) -> None:
        opportunity = make_opportunity(state=state)
        with pytest.raises(ActionBlocked, match="კომენტარი აუცილებელია"):
            opportunity_transition(
                opportunity=opportunity,
                user=request.getfixturevalue(actor),
                name=name,
                comment="   ",
            )
        opportunity.refresh_from_db()
        assert opportunity.state == state

    def test_unknown_transition(self, coordinator, make_opportunity) -> None:
        with pytest.raises(UnknownAction):
            opportunity_transition(opportunity=make_opportunity(), user=coordinator, name="publish")


class TestHistoryAndOutbox:
    def test_full_route_is_logged_in_order(
        self, focal_point, coordinator, minister, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
        opportunity_transition(
            opportunity=opportunity,
            user=minister,
            name="return_for_revision",
            comment="დააზუსტეთ KPI",
        )
        opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
        opportunity_approve(opportunity=opportunity, user=minister, comment="თანხმობა")
        route = list(
            TransitionLog.objects.filter(opportunity=opportunity).values_list(
                "from_state", "to_state", "actor__username", "comment"
            )
        )
        assert route == [
            ("identified", "presented", "coordinator", ""),
            ("presented", "identified", "minister", "დააზუსტეთ KPI"),
            ("identified", "presented", "coordinator", ""),
            ("presented", "approved", "minister", "თანხმობა"),
        ]

    def test_history_rows_cannot_be_changed_or_deleted(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity()
        opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
        log = TransitionLog.objects.get()
        log.comment = "rewritten"
        with pytest.raises(PermissionError):
            log.save()
        with pytest.raises(PermissionError):
            log.delete()

    def test_presenting_notifies_unit_department_and_top_management(
        self, focal_point, coordinator, minister, make_opportunity, unit
    ) -> None:
        opportunity = make_opportunity()
        opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
        rows = Notification.objects.filter(kind="opportunity.present", object_id=opportunity.pk)
        # The coordinator acted and is not told about their own move.
        assert sorted(rows.values_list("email", flat=True)) == sorted(
            [focal_point.email, minister.email, unit.notification_email]
        )
        assert set(rows.values_list("status", flat=True)) == {"pending"}

    def test_approval_notifies_unit_and_department_not_top_management(
        self, focal_point, coordinator, minister, make_opportunity, unit
    ) -> None:
        opportunity = make_opportunity(state="presented")
        opportunity_approve(opportunity=opportunity, user=minister)
        assert sorted(Notification.objects.values_list("email", flat=True)) == sorted(
            [focal_point.email, coordinator.email, unit.notification_email]
        )

    def test_refused_transition_writes_no_log_and_no_notification(
        self, viewer, make_opportunity
    ) -> None:
        opportunity = make_opportunity(state="presented")
        with pytest.raises(ActionForbidden):
            opportunity_approve(opportunity=opportunity, user=viewer)
        assert not TransitionLog.objects.exists()
        assert not Notification.objects.exists()

    def test_failure_after_the_state_change_rolls_everything_back(
        self, coordinator, make_opportunity, monkeypatch
    ) -> None:
        opportunity = make_opportunity()

        def broken(*args, **kwargs):
            raise RuntimeError("outbox unavailable")

        monkeypatch.setattr("workflow.lifecycle.notifications_enqueue", broken)
        with pytest.raises(RuntimeError):
            opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
        opportunity.refresh_from_db()
        assert opportunity.state == "identified"
        assert not TransitionLog.objects.exists()


class TestDecideMany:
    def test_each_item_is_decided_on_its_own(self, minister, make_opportunity) -> None:
        waiting = make_opportunity(state="presented")
        decided_meanwhile = make_opportunity(state="approved")
        decided, refused = opportunities_decide(
            opportunities=[waiting, decided_meanwhile], user=minister, name="approve"
        )
        assert decided == [waiting]
        assert list(refused) == [decided_meanwhile.reference]
        waiting.refresh_from_db()
        assert waiting.state == "approved"
        assert TransitionLog.objects.count() == 1

    def test_only_decisions_can_be_run_in_bulk(self, coordinator, make_opportunity) -> None:
        item = make_opportunity()
        with pytest.raises(UnknownAction):
            opportunities_decide(opportunities=[item], user=coordinator, name="present")
        item.refresh_from_db()
        assert item.state == "identified"


class TestGuardsAskedOnce:
    def test_a_move_checks_its_guards_once_and_names_its_recipients_in_one_query(
        self, make_opportunity, coordinator
    ) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        opportunity = make_opportunity(state="identified")
        with CaptureQueriesContext(connection) as queries:
            opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
        sql = [q["sql"] for q in queries.captured_queries]
        assert sum("workflow_keyperformanceindicator" in s for s in sql) == 1
        assert sum('FROM "core_user"' in s for s in sql) == 1
        assert opportunity.state == "presented"

    def test_outside_the_service_the_state_machine_still_asks_the_guards(
        self, make_opportunity
    ) -> None:
        from django_fsm import TransitionNotAllowed

        opportunity = make_opportunity(state="identified", with_kpi=False)
        with pytest.raises(TransitionNotAllowed):
            opportunity.present()
