"""Each reminder rule is one method on its model, asked by the planning of the due column and by
the sweep alike."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from core.codelists import ActivityStatus
from notifications.models import Notification
from projects.models import Obligation
from reminders.tasks import run_all
from scheduling.series import planned
from tests.factories import MeetingFactory, ProjectFactory
from tests.reminders.conftest import at, sent_to
from workflow.models import AgendaItem, Opportunity

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("state", [s for s, _label in Opportunity.State.choices])
def test_an_opportunitys_columns_are_what_its_rules_say(make_opportunity, state) -> None:
    now = at(2026, 11, 21)
    with time_machine.travel(now, tick=False):
        opportunity = make_opportunity(state=state, application_deadline=D(2026, 12, 15))
        opportunity.state_changed_at = at(2026, 11, 2)
        opportunity.plan_reminders()
    deadline = opportunity.deadline_reminder(now)
    follow_up = opportunity.follow_up_reminder(now)
    assert opportunity.deadline_alert_at == planned(deadline, now)
    assert opportunity.follow_up_at == planned(follow_up, now)
    assert (deadline is not None) == (state in Opportunity.BEFORE_APPROVAL)
    assert (follow_up is not None) == (state in ("presented", "approved"))


@pytest.mark.parametrize("state", [s for s, _label in Obligation.State.choices])
def test_an_obligations_chasing_is_what_its_rules_say(make_obligation, state) -> None:
    now = at(2026, 11, 21)
    with time_machine.travel(now, tick=False):
        obligation = make_obligation(due_date=D(2027, 1, 31))
        obligation.plan_chasing(state)
    waiting = state in Obligation.WAITING_ON_UNIT
    assert obligation.next_reminder_at == planned(obligation.due_reminder(now, state), now)
    assert obligation.next_escalation_at == planned(obligation.escalation(now, state), now)
    assert (obligation.next_reminder_at is not None) == waiting
    assert (obligation.next_escalation_at is not None) == waiting


def test_a_project_reports_while_it_is_in_implementation_or_finalisation(db: None) -> None:
    now = at(2026, 11, 21)
    with time_machine.travel(now, tick=False):
        project = ProjectFactory.create(next_report_due=D(2026, 12, 31))
        project.plan_report_reminder()
        assert project.report_reminder_at == at(2026, 12, 24, 9, 0)
        project.status = ActivityStatus.CLOSED
        project.plan_report_reminder()
        assert project.report_reminder_at is None and project.report_reminder(now) is None


def test_minutes_are_ready_once_every_outcome_is_recorded(coordinator, make_opportunity) -> None:
    meeting = MeetingFactory.create(created_by=coordinator)
    first = AgendaItem.objects.create(meeting=meeting, opportunity=make_opportunity())
    AgendaItem.objects.create(meeting=meeting, opportunity=make_opportunity(), outcome="deferred")
    assert not meeting.minutes_ready()
    first.outcome = AgendaItem.Outcome.PRESENTED
    first.save()
    assert meeting.minutes_ready()


def test_an_item_whose_state_moved_on_unplanned_is_let_go_by_the_sweep(
    make_opportunity, focal_point
) -> None:
    """The sweep asks the item's rule, not its own reading of the state."""
    with time_machine.travel(at(2026, 11, 21), tick=False):
        opportunity = make_opportunity(state="identified", application_deadline=D(2026, 11, 26))
        opportunity.plan_reminders()
        opportunity.save()
    Opportunity.objects.filter(pk=opportunity.pk).update(state=Opportunity.State.MONITORED)
    with time_machine.travel(at(2026, 11, 21, 9, 30), tick=False):
        assert run_all()["deadline guard"] == 1
    opportunity.refresh_from_db()
    assert opportunity.deadline_alert_at is None
    assert sent_to("opportunity.deadline") == []


def test_after_a_rule_change_a_reminder_not_yet_reached_is_planned_again_not_dropped(
    make_obligation, focal_point, settings
) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        obligation = make_obligation(due_date=D(2027, 1, 31))
    assert obligation.next_reminder_at == at(2027, 1, 24, 9, 0)
    settings.REMINDERS = {"obligation_days_before": (3, 1)}  # no longer a week before
    with time_machine.travel(at(2027, 1, 24, 9, 30), tick=False):
        assert run_all()["obligation reminders"] == 1
    obligation.refresh_from_db()
    assert obligation.next_reminder_at == at(2027, 1, 28, 9, 0)
    assert not Notification.objects.filter(kind="obligation.reminder").exists()
    with time_machine.travel(at(2027, 1, 28, 9, 30), tick=False):
        run_all()
    assert sent_to("obligation.reminder") != []
