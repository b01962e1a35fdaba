"""Preferences, the daily digest and the weekly summary for top management."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from core.errors import ActionBlocked
from notifications import delivery
from notifications.inbox import preference_update
from notifications.models import Notification
from projects.services.obligations import obligation_transition
from reminders.tasks import run_all
from tests.reminders.conftest import at
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db
D = datetime.date


def sweep_at(moment: datetime.datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return run_all()


def test_a_daily_digest_bundles_held_mail_into_one_message(
    make_opportunity, coordinator, focal_point
) -> None:
    preference_update(user=focal_point, daily_digest=True, muted_kinds=[])
    first, second = make_opportunity(state="identified"), make_opportunity(state="identified")
    with time_machine.travel(at(2026, 11, 21, 14), tick=False):
        opportunity_transition(opportunity=first, user=coordinator, name="present")
        opportunity_transition(opportunity=second, user=coordinator, name="present")
    held = Notification.objects.filter(recipient=focal_point)
    assert {row.status for row in held} == {"held"}

    sweep_at(at(2026, 11, 22, 8, 0))
    assert not Notification.objects.filter(kind="digest.daily").exists()  # not yet 08:30
    sweep_at(at(2026, 11, 22, 8, 45))
    sweep_at(at(2026, 11, 22, 9, 0))
    digest = Notification.objects.get(kind="digest.daily")
    assert digest.email == focal_point.email and digest.status == "pending"
    assert len(digest.context["items"]) == 2
    assert first.reference in digest.context["items"][0]["subject"]
    assert {row.status for row in held.exclude(kind="digest.daily")} == {"bundled"}

    assert delivery.deliver(digest.pk) == "sent"
    assert len(mail.outbox) == 1
    assert "2" in mail.outbox[0].subject and "შეტყობინება" in mail.outbox[0].subject


def test_a_muted_kind_stays_in_the_app_and_escalations_ignore_it(
    make_obligation, focal_point, coordinator
) -> None:
    preference_update(user=focal_point, daily_digest=True, muted_kinds=["obligation.reminder"])
    with time_machine.travel(at(2026, 11, 21), tick=False):
        make_obligation(due_date=D(2026, 11, 27))
    sweep_at(at(2026, 11, 21, 9, 30))
    reminder = Notification.objects.get(kind="obligation.reminder", recipient=focal_point)
    assert reminder.status == "in_app"
    sweep_at(at(2026, 11, 28))
    escalation = Notification.objects.get(kind="obligation.escalation", recipient=focal_point)
    assert escalation.status == "pending"  # mandatory: at once, despite the digest


def test_mandatory_kinds_cannot_be_switched_off(focal_point) -> None:
    with pytest.raises(ActionBlocked):
        preference_update(
            user=focal_point, daily_digest=False, muted_kinds=["obligation.escalation"]
        )


def test_the_weekly_summary_goes_to_top_management_once_a_week(
    make_opportunity, make_obligation, coordinator, minister, unit
) -> None:
    waiting = make_opportunity(state="identified")
    with time_machine.travel(at(2026, 11, 10), tick=False):
        opportunity_transition(opportunity=waiting, user=coordinator, name="present")
        make_obligation(due_date=D(2026, 11, 12))
        make_obligation(due_date=D(2026, 11, 13), description="ფინანსური ანგარიში")
        settled = make_obligation(due_date=D(2026, 11, 14), description="აუდიტი")
        obligation_transition(obligation=settled, user=coordinator, name="waive", comment="x")

    sweep_at(at(2026, 11, 23, 8, 0))  # Monday before the digest time: not yet
    assert not Notification.objects.filter(kind="digest.weekly").exists()
    sweep_at(at(2026, 11, 23, 8, 45))  # Monday morning
    sweep_at(at(2026, 11, 23, 9, 0))
    sweep_at(at(2026, 11, 25, 9, 0))
    rows = Notification.objects.filter(kind="digest.weekly")
    assert list(rows.values_list("email", flat=True)) == [minister.email]
    summary = rows.get().context
    assert [d["reference"] for d in summary["decisions"]] == [waiting.reference]
    assert summary["decisions"][0]["days"] == 13
    assert summary["overdue_by_unit"] == [{"unit": unit.name_ka, "count": 2}]

    sweep_at(at(2026, 11, 30, 9, 0))  # the next Monday: the next summary
    assert Notification.objects.filter(kind="digest.weekly").count() == 2
