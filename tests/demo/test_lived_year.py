"""The demo is a year of work: time spent in each state, items overdue by days and weeks,
a meeting with minutes every month, escalations that happened, reports handed in on time and
late, and mail about the past not sent again."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from insight.figures import timings
from notifications.models import Notification
from projects.models import Obligation, ObligationSubmission
from workflow import selectors
from workflow.models import AgendaItem, CoordinationMeeting, Opportunity, TransitionLog

# Each test loads the whole demo data set.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def loaded() -> None:
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())


def test_items_spent_days_in_their_states_over_the_past_year(loaded) -> None:
    now = timezone.now()
    medians = {row.state: row.median_days for row in timings(now)}
    lived = [state for state, days in medians.items() if days is not None and days >= 1]
    assert len(lived) >= 4, medians
    logs = TransitionLog.objects.all()
    assert all(log.at < now for log in logs)
    oldest = min(log.at for log in logs)
    assert now - oldest > datetime.timedelta(days=250)
    created = list(Opportunity.objects.values_list("created_at", flat=True))
    assert max(created) - min(created) > datetime.timedelta(days=250)


def test_items_and_obligations_are_overdue_by_days_and_weeks(loaded) -> None:
    today = timezone.localdate()
    late = [
        (today - opportunity.application_deadline).days
        for opportunity in selectors.overdue()
        if opportunity.state != "in_communication" and opportunity.application_deadline
    ]
    assert late and max(late) >= 7
    slipped = selectors.overdue().filter(state="in_communication")
    assert slipped.exists()
    overdue = Obligation.objects.filter(
        state__in=Obligation.WAITING_ON_UNIT, due_date__lt=today
    ).values_list("due_date", flat=True)
    days = sorted((today - due).days for due in overdue)
    assert days and days[-1] >= 7, days


def test_a_meeting_with_minutes_in_most_months_of_the_year(loaded) -> None:
    today = timezone.localdate()
    months = set()
    for meeting in CoordinationMeeting.objects.filter(
        starts_at__lt=timezone.now(), starts_at__gte=timezone.now() - datetime.timedelta(days=365)
    ):
        items = list(meeting.agenda_items.all())
        recorded = [item for item in items if item.outcome != AgendaItem.Outcome.PENDING]
        if recorded and len(recorded) == len(items) and meeting.summary:
            # The minutes went to the attendees with the sweep after the outcomes were recorded.
            assert Notification.objects.filter(
                kind="meeting.minutes", object_id=meeting.pk
            ).exists()
            months.add((meeting.starts_at.year, meeting.starts_at.month))
    assert len(months) >= 10, sorted(months)
    assert AgendaItem.objects.filter(outcome=AgendaItem.Outcome.DEFERRED).exists()
    upcoming = selectors.next_meeting()
    assert upcoming is not None and timezone.localdate(upcoming.starts_at) > today


def test_escalations_happened_in_the_past_and_their_mail_is_not_sent_again(loaded) -> None:
    today_began = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time())
    )
    escalations = Notification.objects.filter(
        kind="obligation.escalation", created_at__lt=today_began
    )
    assert escalations.exists()
    # The ladder climbed: later steps reached the unit's head and the department's head.
    assert {row.context["step"] for row in escalations} >= {1, 2, 3}
    assert Notification.objects.filter(
        kind="opportunity.decision_pending", created_at__lt=today_began
    ).exists()
    past = Notification.objects.filter(created_at__lt=today_began)
    assert past.count() > 300
    assert not past.exclude(status=Notification.Status.SENT).exists()


def test_reports_were_handed_in_on_time_and_late(loaded) -> None:
    submissions = ObligationSubmission.objects.exclude(obligation__kind="status_report")
    on_time = [s for s in submissions if timezone.localdate(s.submitted_at) <= s.due_date]
    late = [s for s in submissions if timezone.localdate(s.submitted_at) > s.due_date]
    assert on_time and late
    status_reports = ObligationSubmission.objects.filter(obligation__kind="status_report")
    assert any(timezone.localdate(s.submitted_at) > s.due_date for s in status_reports)
    assert any(timezone.localdate(s.submitted_at) <= s.due_date for s in status_reports)
    # And some not at all: a quarterly report to a donor still owed past its date.
    assert Obligation.objects.filter(
        kind="narrative_report", state="open", due_date__lt=timezone.localdate()
    ).exists()
