"""The operator's commands: plan every open item again after a rule change, run the sweeps."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from notifications.models import Notification
from tests.reminders.conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date


def test_plan_reminders_follows_changed_rules(make_obligation, settings) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        obligation = make_obligation(due_date=D(2027, 1, 31))
    assert obligation.next_reminder_at == at(2027, 1, 24, 9, 0)
    settings.REMINDERS = {"obligation_days_before": (10, 2)}
    out = StringIO()
    with time_machine.travel(at(2026, 11, 22), tick=False):
        call_command("plan_reminders", stdout=out)
    obligation.refresh_from_db()
    assert obligation.next_reminder_at == at(2027, 1, 21, 9, 0)
    assert "1 obligations" in out.getvalue()


def test_send_reminders_runs_every_sweep_once(make_obligation, focal_point) -> None:
    with time_machine.travel(at(2026, 11, 21), tick=False):
        make_obligation(due_date=D(2026, 11, 28))
    out = StringIO()
    with time_machine.travel(at(2026, 11, 21, 9, 30), tick=False):
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=StringIO())
    assert "obligation reminders: 1" in out.getvalue()
    assert (
        Notification.objects.filter(kind="obligation.reminder", email=focal_point.email).count()
        == 1
    )
