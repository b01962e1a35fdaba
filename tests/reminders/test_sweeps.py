"""Each sweep called directly under a frozen clock: who hears what, and exactly once however
often the sweep runs."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from notifications.models import Notification
from projects.services.obligations import obligation_transition
from reminders import runner
from reminders.sweeps import SWEEPS
from reminders.tasks import run_all
from tests.factories import MeetingFactory, ProjectFactory
from tests.reminders.conftest import at, sent_to
from workflow.models import Opportunity
from workflow.services import opportunity_transition
from workflow.services.meetings import agenda_add, agenda_record, meeting_schedule, meeting_update

pytestmark = pytest.mark.django_db
D = datetime.date


def sweep_at(moment: datetime.datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return run_all()


def planned(make_opportunity, moment: datetime.datetime, **fields):
    """An opportunity whose reminders were planned at ``moment`` (as the services do)."""
    with time_machine.travel(moment, tick=False):
        opportunity = make_opportunity(**fields)
        opportunity.state_changed_at = moment
        opportunity.plan_reminders()
        opportunity.save()
    return opportunity


# --- The missed-opportunity guard ------------------------------------------------------------


def test_deadline_guard_tells_the_unit_and_department_then_top_management_in_the_last_days(
    make_opportunity, focal_point, coordinator, minister, unit_mailbox
) -> None:
    opportunity = planned(
        make_opportunity, at(2026, 11, 21), state="identified", application_deadline=D(2026, 12, 15)
    )
    assert opportunity.deadline_alert_at == at(2026, 12, 1, 9, 0)

    assert sweep_at(at(2026, 11, 30))["deadline guard"] == 0
    assert sweep_at(at(2026, 12, 1))["deadline guard"] == 1
    assert sweep_at(at(2026, 12, 1, 9, 30))["deadline guard"] == 0  # a second tick: nothing
    assert sent_to("opportunity.deadline") == sorted(
        [focal_point.email, coordinator.email, unit_mailbox]
    )
    first = Notification.objects.get(kind="opportunity.deadline", email=focal_point.email)
    assert first.context["days_left"] == 14

    sweep_at(at(2026, 12, 8))  # 7 days: the same people again
    sweep_at(at(2026, 12, 12))  # 3 days: top management too
    rows = Notification.objects.filter(kind="opportunity.deadline")
    assert rows.filter(email=focal_point.email).count() == 3
    assert list(rows.filter(email=minister.email).values_list("context__days_left", flat=True)) == [
        3
    ]


def test_deadline_guard_stops_once_the_item_is_approved(
    make_opportunity, minister, coordinator
) -> None:
    opportunity = planned(
        make_opportunity, at(2026, 11, 21), state="presented", application_deadline=D(2026, 12, 15)
    )
    with time_machine.travel(at(2026, 11, 25), tick=False):
        opportunity_transition(opportunity=opportunity, user=minister, name="approve")
    opportunity.refresh_from_db()
    assert opportunity.deadline_alert_at is None
    sweep_at(at(2026, 12, 12))
    assert sent_to("opportunity.deadline") == []


def test_an_item_entered_close_to_its_deadline_is_warned_at_once(
    make_opportunity, focal_point
) -> None:
    planned(
        make_opportunity,
        at(2026, 11, 21, 14, 0),
        state="identified",
        application_deadline=D(2026, 11, 26),
    )
    sweep_at(at(2026, 11, 21, 14, 15))
    row = Notification.objects.get(kind="opportunity.deadline", email=focal_point.email)
    assert row.context["days_left"] == 5


# --- Decisions pending, approval without donor contact ---------------------------------------


def test_a_decision_pending_reminds_top_management_every_week(
    make_opportunity, coordinator, minister
) -> None:
    opportunity = make_opportunity(state="identified")
    with time_machine.travel(at(2026, 11, 2, 11), tick=False):
        opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    sweep_at(at(2026, 11, 8))
    assert sent_to("opportunity.decision_pending") == []
    sweep_at(at(2026, 11, 9))
    sweep_at(at(2026, 11, 9, 12))
    assert sent_to("opportunity.decision_pending") == sorted([minister.email, coordinator.email])
    sweep_at(at(2026, 11, 16))
    days = Notification.objects.filter(
        kind="opportunity.decision_pending", email=minister.email
    ).values_list("context__days", flat=True)
    assert sorted(days) == [7, 14]


def test_no_donor_contact_after_approval_goes_to_the_unit_then_its_head(
    make_opportunity, minister, focal_point, unit_head, unit_mailbox
) -> None:
    opportunity = make_opportunity(state="presented")
    with time_machine.travel(at(2026, 11, 2, 11), tick=False):
        opportunity_transition(opportunity=opportunity, user=minister, name="approve")
    sweep_at(at(2026, 11, 16))
    assert sent_to("opportunity.communication_pending") == sorted([focal_point.email, unit_mailbox])
    assert sent_to("opportunity.communication_escalation") == []
    sweep_at(at(2026, 11, 23))
    assert unit_head.email in sent_to("opportunity.communication_escalation")
    opportunity.refresh_from_db()
    assert opportunity.follow_up_at is None  # the series has ended


def test_donor_contact_ends_the_follow_up(make_opportunity, minister, focal_point) -> None:
    opportunity = make_opportunity(state="presented")
    with time_machine.travel(at(2026, 11, 2, 11), tick=False):
        opportunity_transition(opportunity=opportunity, user=minister, name="approve")
    with time_machine.travel(at(2026, 11, 5, 11), tick=False):
        opportunity.refresh_from_db()
        opportunity_transition(
            opportunity=opportunity, user=focal_point, name="start_donor_communication"
        )
    opportunity.refresh_from_db()
    assert opportunity.follow_up_at is None
    sweep_at(at(2026, 11, 23))
    assert sent_to("opportunity.communication_pending") == []


# --- Obligations -----------------------------------------------------------------------------


@pytest.fixture
def overdue_people(focal_point, unit_head, department_head, minister, coordinator, unit_mailbox):
    return {
        "unit": sorted([focal_point.email, unit_mailbox]),
        "head": unit_head.email,
        "department": department_head.email,
        "top": minister.email,
    }


def test_obligation_reminders_a_week_and_a_day_before(make_obligation, focal_point) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        obligation = make_obligation(due_date=D(2027, 1, 31))
    sweep_at(at(2027, 1, 24))
    sweep_at(at(2027, 1, 24, 10))
    sweep_at(at(2027, 1, 30))
    days = Notification.objects.filter(
        kind="obligation.reminder", email=focal_point.email
    ).values_list("context__days_left", flat=True)
    assert sorted(days) == [1, 7]
    obligation.refresh_from_db()
    assert obligation.next_reminder_at is None


def test_the_escalation_ladder_climbs_step_by_step(make_obligation, overdue_people) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        make_obligation(due_date=D(2027, 1, 31))

    def step_recipients(moment: datetime.datetime) -> set[str]:
        before = set(Notification.objects.values_list("pk", flat=True))
        sweep_at(moment)
        sweep_at(moment + datetime.timedelta(minutes=15))  # a second tick sends nothing more
        new = Notification.objects.filter(kind="obligation.escalation").exclude(pk__in=before)
        return set(new.values_list("email", flat=True))

    assert step_recipients(at(2027, 1, 31)) == set()  # due today: not yet overdue
    assert step_recipients(at(2027, 2, 1)) == set(overdue_people["unit"])
    assert step_recipients(at(2027, 2, 3)) == set()
    assert step_recipients(at(2027, 2, 4)) == {*overdue_people["unit"], overdue_people["head"]}
    assert step_recipients(at(2027, 2, 8)) == {
        *overdue_people["unit"],
        overdue_people["department"],
    }
    assert step_recipients(at(2027, 2, 15)) == {
        *overdue_people["unit"],
        overdue_people["department"],
        overdue_people["top"],
    }
    assert step_recipients(at(2027, 3, 15)) == set()  # the ladder has ended


def test_a_sweep_that_was_down_sends_only_where_the_ladder_stands(
    make_obligation, overdue_people
) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        make_obligation(due_date=D(2027, 1, 31))
    sweep_at(at(2027, 2, 10))
    rows = Notification.objects.filter(kind="obligation.escalation")
    assert {row.context["step"] for row in rows} == {3}
    assert overdue_people["department"] in {row.email for row in rows}


def test_submitting_stops_the_chase_and_returning_restarts_it(
    make_obligation, focal_point, coordinator, overdue_people
) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        obligation = make_obligation(due_date=D(2027, 1, 31))
    with time_machine.travel(at(2027, 1, 30, 12), tick=False):
        obligation_transition(obligation=obligation, user=focal_point, name="submit", report="x")
    sweep_at(at(2027, 2, 4))
    assert sent_to("obligation.escalation") == []
    with time_machine.travel(at(2027, 2, 5, 12), tick=False):
        obligation.refresh_from_db()
        obligation_transition(
            obligation=obligation, user=coordinator, name="return_for_revision", comment="ცხრილი"
        )
    sweep_at(at(2027, 2, 5, 12, 15))
    rows = Notification.objects.filter(kind="obligation.escalation")
    assert {row.context["step"] for row in rows} == {2}  # overdue by 5 days: the unit head's step


def test_escalation_steps_and_recipients_come_from_settings(
    make_obligation, settings, overdue_people
) -> None:
    settings.REMINDERS = {"obligation_escalation": ((0, ("unit_head",)), (2, ("top_management",)))}
    with time_machine.travel(at(2026, 11, 21), tick=False):
        make_obligation(due_date=D(2027, 1, 31))
    sweep_at(at(2027, 2, 1))
    assert sent_to("obligation.escalation") == [overdue_people["head"]]
    sweep_at(at(2027, 2, 3))
    assert overdue_people["top"] in sent_to("obligation.escalation")


def test_with_working_days_the_ladder_skips_weekends_and_holidays(
    make_obligation, settings, overdue_people
) -> None:
    settings.REMINDERS_WORKING_DAYS = True
    with time_machine.travel(at(2026, 11, 2), tick=False):
        obligation = make_obligation(due_date=D(2026, 11, 20))  # a Friday
    # Day 0 is the first working day after the due date: Saturday, Sunday and Giorgoba
    # (Monday 23 November) are skipped.
    assert obligation.next_escalation_at == at(2026, 11, 24, 9, 0)
    sweep_at(at(2026, 11, 23))
    assert sent_to("obligation.escalation") == []
    sweep_at(at(2026, 11, 24))
    assert sent_to("obligation.escalation") == overdue_people["unit"]


# --- Progress reports and meetings -----------------------------------------------------------


def test_progress_report_due_soon_today_and_overdue(unit, focal_point, coordinator) -> None:
    from projects.models import ProjectParticipant

    with time_machine.travel(at(2026, 11, 21), tick=False):
        project = ProjectFactory.create(next_report_due=D(2026, 12, 31))
        ProjectParticipant.objects.create(project=project, role="4", unit=unit)
        project.plan_report_reminder()
        project.save()
    for moment in (at(2026, 12, 24), at(2026, 12, 31), at(2027, 1, 1), at(2027, 1, 1, 12)):
        sweep_at(moment)
    to_unit = Notification.objects.filter(kind="progress.due", email=focal_point.email)
    assert sorted(to_unit.values_list("context__days_left", flat=True)) == [-1, 0, 7]
    assert coordinator.email in sent_to("progress.due")  # told once it is overdue


def test_the_agenda_goes_out_the_day_before_and_the_minutes_after_the_last_outcome(
    coordinator, make_opportunity, unit, focal_point, other_unit, other_unit_focal_point
) -> None:
    opportunity = make_opportunity(state="identified")
    with time_machine.travel(at(2026, 11, 21), tick=False):
        meeting = meeting_schedule(
            user=coordinator,
            fields={"title": "შეხვედრა", "starts_at": at(2026, 11, 30, 11, 0)},
            attendee_units=[other_unit],
        )
        agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
    sweep_at(at(2026, 11, 28))
    assert sent_to("meeting.agenda") == []
    sweep_at(at(2026, 11, 29))
    sweep_at(at(2026, 11, 29, 10))
    agenda = sent_to("meeting.agenda")
    # The attending unit, the unit presenting the item, and the department.
    assert agenda == sorted(
        [
            other_unit_focal_point.email,
            other_unit.notification_email,
            focal_point.email,
            unit.notification_email,
            coordinator.email,
        ]
    )
    row = Notification.objects.get(kind="meeting.agenda", email=focal_point.email)
    assert row.context["items"][0]["reference"] == opportunity.reference

    with time_machine.travel(at(2026, 11, 30, 13), tick=False):
        agenda_record(
            item=meeting.agenda_items.get(), user=coordinator, outcome="presented", notes="ok"
        )
    sweep_at(at(2026, 11, 30, 13, 15))
    sweep_at(at(2026, 11, 30, 13, 30))
    assert Notification.objects.filter(kind="meeting.minutes", email=focal_point.email).count() == 1


def test_a_meeting_moved_is_planned_again_and_a_past_one_sends_no_agenda(coordinator) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        meeting = meeting_schedule(
            user=coordinator, fields={"title": "შეხვედრა", "starts_at": at(2026, 12, 10, 11)}
        )
        assert meeting.agenda_reminder_at == at(2026, 12, 9, 9, 0)
        meeting_update(
            meeting=meeting, user=coordinator, fields={"starts_at": at(2026, 11, 25, 11)}
        )
        assert meeting.agenda_reminder_at == at(2026, 11, 24, 9, 0)
    past = MeetingFactory.create(created_by=coordinator, starts_at=at(2026, 11, 1, 11))
    with time_machine.travel(at(2026, 11, 21), tick=False):
        past.plan_agenda_reminder()
    assert past.agenda_reminder_at is None


# --- A bad row does not block the rest -------------------------------------------------------


def test_a_failing_row_is_pushed_forward_and_the_others_still_go(
    make_opportunity, focal_point
) -> None:
    broken = planned(
        make_opportunity, at(2026, 11, 21), state="identified", application_deadline=D(2026, 11, 25)
    )
    fine = planned(
        make_opportunity, at(2026, 11, 21), state="identified", application_deadline=D(2026, 11, 26)
    )
    sweep = next(s for s in SWEEPS if s.name == "deadline guard")
    original = sweep.fire

    def fire(opportunity: Opportunity, now):
        if opportunity.pk == broken.pk:
            raise RuntimeError("a broken row")
        return original(opportunity, now)

    patched = runner.Sweep(sweep.name, sweep.model, sweep.due_field, fire, sweep.unchanged)
    with (
        time_machine.travel(at(2026, 11, 21, 9, 30), tick=False),
        pytest.raises(runner.SweepFailed),
    ):
        runner.run(patched, at(2026, 11, 21, 9, 30))
    broken.refresh_from_db()
    assert broken.deadline_alert_at == at(2026, 11, 21, 10, 30)
    assert Notification.objects.filter(object_id=fine.pk, kind="opportunity.deadline").exists()
    assert not Notification.objects.filter(object_id=broken.pk).exists()


def test_one_sweep_takes_every_due_row_however_many_batches_it_needs(
    make_opportunity, focal_point
) -> None:
    items = [
        planned(
            make_opportunity,
            at(2026, 11, 21),
            state="identified",
            application_deadline=D(2026, 11, 25 + n % 3),
        )
        for n in range(5)
    ]
    sweep = next(s for s in SWEEPS if s.name == "deadline guard")
    with time_machine.travel(at(2026, 11, 21, 9, 30), tick=False):
        claimed = runner.run(sweep, at(2026, 11, 21, 9, 30), limit=2)
    assert claimed == 5
    alerted = set(
        Notification.objects.filter(kind="opportunity.deadline").values_list("object_id", flat=True)
    )
    assert alerted == {item.pk for item in items}


def test_a_sweep_costs_a_few_queries_per_batch_and_none_per_row(
    make_obligation, overdue_people, django_assert_max_num_queries
) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        for n in range(20):
            make_obligation(due_date=D(2027, 1, 31), description=f"ანგარიში {n}")
    sweep = next(s for s in SWEEPS if s.name == "obligation escalations")
    with (
        time_machine.travel(at(2027, 2, 1, 9, 30), tick=False),
        # Read the batch, its unit's people, claim, preferences, insert (and savepoints).
        django_assert_max_num_queries(10),
    ):
        assert runner.run(sweep, at(2027, 2, 1, 9, 30)) == 20
    escalated = Notification.objects.filter(kind="obligation.escalation")
    assert escalated.values("object_id").distinct().count() == 20
    assert set(escalated.values_list("email", flat=True)) == set(overdue_people["unit"])
