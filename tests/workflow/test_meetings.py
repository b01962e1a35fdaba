"""Coordination meetings: scheduling, the agenda and the outcomes recorded at the meeting."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import ActionBlocked, ActionForbidden, StateConflict
from notifications.models import Notification
from tests.factories import MeetingFactory
from workflow import selectors
from workflow.models import AgendaItem, CoordinationMeeting, TransitionLog
from workflow.services.meetings import (
    agenda_add,
    agenda_move,
    agenda_record,
    agenda_remove,
    meeting_schedule,
    meeting_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(coordinator) -> CoordinationMeeting:
    return MeetingFactory.create(created_by=coordinator, title="ნოემბრის შეხვედრა")


def _agenda(meeting: CoordinationMeeting) -> list[str]:
    return [row.opportunity.reference for row in selectors.meeting_agenda(meeting)]


class TestSchedule:
    def test_coordinator_schedules_and_attending_units_are_told(
        self, coordinator, unit, other_unit, focal_point
    ) -> None:
        starts = timezone.now() + datetime.timedelta(days=7)
        meeting = meeting_schedule(
            user=coordinator,
            fields={"title": "დეკემბრის შეხვედრა", "starts_at": starts, "place": "ოთახი 5"},
            attendee_units=[unit, other_unit],
        )
        assert set(meeting.attendee_units.all()) == {unit, other_unit}
        addresses = set(
            Notification.objects.filter(kind="meeting.scheduled").values_list("email", flat=True)
        )
        assert addresses == {
            focal_point.email,
            unit.notification_email,
            other_unit.notification_email,
        }

    def test_focal_point_may_not_schedule(self, focal_point) -> None:
        with pytest.raises(ActionForbidden):
            meeting_schedule(user=focal_point, fields={"title": "x", "starts_at": timezone.now()})
        assert not CoordinationMeeting.objects.exists()

    def test_missing_title_is_refused(self, coordinator) -> None:
        with pytest.raises(ActionBlocked):
            meeting_schedule(user=coordinator, fields={"title": "", "starts_at": timezone.now()})
        assert not CoordinationMeeting.objects.exists()

    def test_update_changes_place_and_attendees(self, coordinator, meeting, unit) -> None:
        meeting_update(
            meeting=meeting, user=coordinator, fields={"place": "დარბაზი"}, attendee_units=[unit]
        )
        meeting.refresh_from_db()
        assert meeting.place == "დარბაზი"
        assert list(meeting.attendee_units.all()) == [unit]


class TestAgenda:
    def test_items_are_added_in_order_and_the_owning_unit_is_told(
        self, coordinator, meeting, make_opportunity, focal_point
    ) -> None:
        first, second = make_opportunity(), make_opportunity()
        agenda_add(meeting=meeting, opportunity=first, user=coordinator)
        agenda_add(meeting=meeting, opportunity=second, user=coordinator)
        assert _agenda(meeting) == [first.reference, second.reference]
        told = Notification.objects.filter(kind="meeting.agenda_added", object_id=first.pk)
        assert focal_point.email in set(told.values_list("email", flat=True))

    def test_only_identified_items_go_on_an_agenda(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        with pytest.raises(StateConflict):
            agenda_add(
                meeting=meeting, opportunity=make_opportunity(state="presented"), user=coordinator
            )
        assert not AgendaItem.objects.exists()

    def test_an_item_waits_on_one_agenda_at_a_time(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        later = MeetingFactory.create(created_by=coordinator)
        agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        with pytest.raises(StateConflict, match=meeting.title):
            agenda_add(meeting=later, opportunity=opportunity, user=coordinator)
        assert selectors.awaiting_presentation().filter(pk=opportunity.pk).count() == 0

    def test_a_deferred_item_can_go_on_the_next_agenda(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        agenda_record(item=item, user=coordinator, outcome="deferred", notes="დონორის პასუხს ველით")
        assert selectors.awaiting_presentation().filter(pk=opportunity.pk).exists()
        later = MeetingFactory.create(created_by=coordinator)
        agenda_add(meeting=later, opportunity=opportunity, user=coordinator)
        assert _agenda(later) == [opportunity.reference]

    def test_focal_point_may_not_change_the_agenda(
        self, focal_point, coordinator, meeting, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        with pytest.raises(ActionForbidden):
            agenda_add(meeting=meeting, opportunity=opportunity, user=focal_point)
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        for attempt in (
            lambda: agenda_remove(item=item, user=focal_point),
            lambda: agenda_move(item=item, user=focal_point, offset=1),
            lambda: agenda_record(item=item, user=focal_point, outcome="presented"),
        ):
            with pytest.raises(ActionForbidden):
                attempt()
        item.refresh_from_db()
        assert item.outcome == "pending"

    def test_reorder_moves_within_bounds(self, coordinator, meeting, make_opportunity) -> None:
        a, b, c = (make_opportunity() for _ in range(3))
        items = [agenda_add(meeting=meeting, opportunity=o, user=coordinator) for o in (a, b, c)]
        agenda_move(item=items[2], user=coordinator, offset=-1)
        assert _agenda(meeting) == [a.reference, c.reference, b.reference]
        agenda_move(item=items[0], user=coordinator, offset=-1)  # already first
        assert _agenda(meeting) == [a.reference, c.reference, b.reference]
        agenda_move(item=items[0], user=coordinator, offset=5)
        assert _agenda(meeting) == [c.reference, b.reference, a.reference]

    def test_remove_takes_off_pending_items_only(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        pending = agenda_add(meeting=meeting, opportunity=make_opportunity(), user=coordinator)
        recorded = agenda_add(meeting=meeting, opportunity=make_opportunity(), user=coordinator)
        agenda_record(item=recorded, user=coordinator, outcome="presented")
        agenda_remove(item=pending, user=coordinator)
        with pytest.raises(StateConflict):
            agenda_remove(item=recorded, user=coordinator)
        assert list(meeting.agenda_items.values_list("pk", flat=True)) == [recorded.pk]


class TestOutcomes:
    def test_presented_moves_the_item_through_its_transition(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        agenda_record(item=item, user=coordinator, outcome="presented", notes="მხარი დაუჭირეს")
        opportunity.refresh_from_db()
        item.refresh_from_db()
        assert opportunity.state == "presented"
        assert opportunity.presented_at == meeting
        log = TransitionLog.objects.get(opportunity=opportunity)
        assert (log.transition, log.comment, log.actor) == (
            "present",
            "მხარი დაუჭირეს",
            coordinator,
        )
        assert (item.outcome, item.notes, item.recorded_by) == (
            "presented",
            "მხარი დაუჭირეს",
            coordinator,
        )
        assert item.recorded_at is not None

    def test_an_unready_item_cannot_be_marked_presented(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        opportunity = make_opportunity(with_kpi=False)
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        with pytest.raises(ActionBlocked, match="ინდიკატორი"):
            agenda_record(item=item, user=coordinator, outcome="presented", notes="x")
        item.refresh_from_db()
        opportunity.refresh_from_db()
        assert (item.outcome, opportunity.state) == ("pending", "identified")

    def test_deferral_needs_a_reason_and_keeps_the_item_identified(
        self, coordinator, meeting, make_opportunity, focal_point
    ) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        with pytest.raises(ActionBlocked):
            agenda_record(item=item, user=coordinator, outcome="deferred", notes="  ")
        agenda_record(item=item, user=coordinator, outcome="deferred", notes="დრო არ ეყო")
        opportunity.refresh_from_db()
        assert opportunity.state == "identified"
        assert not TransitionLog.objects.exists()
        told = Notification.objects.filter(kind="meeting.deferred", object_id=opportunity.pk)
        assert focal_point.email in set(told.values_list("email", flat=True))

    def test_outcomes_wait_for_the_meeting_day(self, coordinator, make_opportunity) -> None:
        future = MeetingFactory.create(
            created_by=coordinator, starts_at=timezone.now() + datetime.timedelta(days=2)
        )
        item = agenda_add(meeting=future, opportunity=make_opportunity(), user=coordinator)
        with pytest.raises(ActionBlocked):
            agenda_record(item=item, user=coordinator, outcome="presented")

    def test_an_outcome_is_recorded_once(self, coordinator, meeting, make_opportunity) -> None:
        item = agenda_add(meeting=meeting, opportunity=make_opportunity(), user=coordinator)
        agenda_record(item=item, user=coordinator, outcome="deferred", notes="x")
        with pytest.raises(StateConflict):
            agenda_record(item=item, user=coordinator, outcome="presented")

    def test_an_unknown_outcome_is_refused(self, coordinator, meeting, make_opportunity) -> None:
        item = agenda_add(meeting=meeting, opportunity=make_opportunity(), user=coordinator)
        with pytest.raises(ActionBlocked):
            agenda_record(item=item, user=coordinator, outcome="pending")


class TestSelectors:
    def test_next_meeting_is_the_first_from_today(self, coordinator) -> None:
        now = timezone.now()
        MeetingFactory.create(created_by=coordinator, starts_at=now - datetime.timedelta(days=3))
        soon = MeetingFactory.create(
            created_by=coordinator, starts_at=now + datetime.timedelta(days=1)
        )
        MeetingFactory.create(created_by=coordinator, starts_at=now + datetime.timedelta(days=9))
        assert selectors.next_meeting() == soon

    def test_overdue_lists_slipped_deadlines_and_next_steps(
        self, make_opportunity, focal_point
    ) -> None:
        from workflow.models import DonorCommunication

        today = timezone.localdate()
        late = make_opportunity(application_deadline=today - datetime.timedelta(days=1))
        make_opportunity(application_deadline=today + datetime.timedelta(days=1))
        make_opportunity(state="monitored", application_deadline=today - datetime.timedelta(days=9))
        talking = make_opportunity(state="in_communication")
        DonorCommunication.objects.create(
            opportunity=talking,
            author=focal_point,
            occurred_on=today - datetime.timedelta(days=20),
            channel="email",
            summary="a",
            next_step="b",
            next_step_due=today - datetime.timedelta(days=2),
        )
        on_track = make_opportunity(state="in_communication")
        DonorCommunication.objects.create(
            opportunity=on_track,
            author=focal_point,
            occurred_on=today - datetime.timedelta(days=20),
            channel="email",
            summary="a",
            next_step="b",
            next_step_due=today - datetime.timedelta(days=2),
        )
        DonorCommunication.objects.create(
            opportunity=on_track,
            author=focal_point,
            occurred_on=today,
            channel="phone",
            summary="c",
            next_step="d",
            next_step_due=today + datetime.timedelta(days=5),
        )
        assert set(selectors.overdue()) == {late, talking}


class TestPresentedAtAMeeting:
    """The ``present`` move names a meeting that has begun and had the item on its agenda."""

    def _present(self, coordinator, opportunity, meeting):
        from tests.conftest import client_for

        return client_for(coordinator).post(
            f"/api/opportunities/{opportunity.pk}/transitions/present/",
            {"meeting": meeting.pk},
            format="json",
        )

    def test_a_meeting_the_item_was_never_on_the_agenda_of_is_refused(
        self, coordinator, make_opportunity, meeting
    ) -> None:
        opportunity = make_opportunity()
        response = self._present(coordinator, opportunity, meeting)
        assert response.status_code == 400
        assert "დღის წესრიგ" in response.json()["detail"]
        opportunity.refresh_from_db()
        assert (opportunity.state, opportunity.presented_at) == ("identified", None)

    def test_a_meeting_yet_to_happen_is_refused(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity()
        later = MeetingFactory.create(starts_at=timezone.now() + datetime.timedelta(days=3))
        AgendaItem.objects.create(meeting=later, opportunity=opportunity)
        response = self._present(coordinator, opportunity, later)
        assert response.status_code == 400
        opportunity.refresh_from_db()
        assert opportunity.state == "identified"
        assert later.agenda_items.get().outcome == "pending"

    def test_a_meeting_that_deferred_the_item_is_refused(
        self, coordinator, make_opportunity, meeting
    ) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        agenda_record(item=item, user=coordinator, outcome="deferred", notes="შემდეგ შეხვედრაზე")
        response = self._present(coordinator, opportunity, meeting)
        assert response.status_code == 400
        assert "გადადო" in response.json()["detail"]
        opportunity.refresh_from_db()
        assert (opportunity.state, opportunity.presented_at) == ("identified", None)

    def test_presented_at_a_held_meeting_completes_its_agenda_entry(
        self, coordinator, make_opportunity, meeting
    ) -> None:
        opportunity = make_opportunity()
        item = AgendaItem.objects.create(meeting=meeting, opportunity=opportunity)
        response = self._present(coordinator, opportunity, meeting)
        assert response.status_code == 200, response.json()
        item.refresh_from_db()
        assert (item.outcome, item.recorded_by) == ("presented", coordinator)
        meeting.refresh_from_db()
        assert meeting.minutes_due_at is not None

    def test_the_agenda_still_records_a_presentation(
        self, coordinator, make_opportunity, meeting
    ) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        agenda_record(item=item, user=coordinator, outcome="presented", notes="კარგი")
        item.refresh_from_db()
        opportunity.refresh_from_db()
        assert (item.outcome, opportunity.state) == ("presented", "presented")
