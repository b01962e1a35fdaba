"""An overdue commitment status report is chased and escalated by the obligation sweeps
themselves: the same ladder, the same recipients, the same mail as a project's obligation."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from notifications.email import render_email
from notifications.models import Notification
from projects.services.commitment_reports import commitment_report_submit
from reminders.tasks import run_all
from tests.reminders.conftest import at, department_head, sent_to, unit_mailbox  # noqa: F401

pytestmark = pytest.mark.django_db
D = datetime.date


def sweep_at(moment: datetime.datetime) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return run_all()


@pytest.fixture
def overdue_people(focal_point, unit_head, department_head, minister, coordinator, unit_mailbox):  # noqa: F811
    return {
        "unit": sorted([focal_point.email, unit_mailbox]),
        "head": unit_head.email,
        "department": department_head.email,
        "top": minister.email,
    }


def test_an_overdue_status_report_climbs_the_escalation_ladder(
    make_commitment, overdue_people
) -> None:
    commitment = make_commitment()  # recorded 15.11.2026: due 31.12.2026

    def step_recipients(moment: datetime.datetime) -> set[str]:
        before = set(Notification.objects.values_list("pk", flat=True))
        sweep_at(moment)
        sweep_at(moment + datetime.timedelta(minutes=15))  # a second tick sends nothing more
        new = Notification.objects.filter(kind="obligation.escalation").exclude(pk__in=before)
        return set(new.values_list("email", flat=True))

    assert step_recipients(at(2026, 12, 31)) == set()  # due today: not yet overdue
    assert step_recipients(at(2027, 1, 1)) == set(overdue_people["unit"])
    assert step_recipients(at(2027, 1, 4)) == {*overdue_people["unit"], overdue_people["head"]}
    assert step_recipients(at(2027, 1, 8)) == {
        *overdue_people["unit"],
        overdue_people["department"],
    }
    assert step_recipients(at(2027, 1, 15)) == {
        *overdue_people["unit"],
        overdue_people["department"],
        overdue_people["top"],
    }

    row = Notification.objects.filter(kind="obligation.escalation").order_by("pk").first()
    assert row is not None
    assert row.context["commitment"] == str(commitment) and row.context["days_overdue"] == 1
    mail = render_email(row)
    assert str(commitment) in mail.subject
    assert str(commitment) in str(mail.body) and "Project" not in str(mail.body)


def test_reminders_come_before_the_due_date_and_a_report_stops_the_chase(
    make_commitment, focal_point, overdue_people
) -> None:
    commitment = make_commitment()
    sweep_at(at(2026, 12, 24))
    sweep_at(at(2026, 12, 30))
    days = Notification.objects.filter(
        kind="obligation.reminder", email=focal_point.email
    ).values_list("context__days_left", flat=True)
    assert sorted(days) == [1, 7]
    with time_machine.travel(at(2026, 12, 30, 12), tick=False):
        commitment_report_submit(
            commitment=commitment, user=focal_point, report="x", assessment="on_track"
        )
    sweep_at(at(2027, 1, 10))
    assert sent_to("obligation.escalation") == []


def test_commitment_reports_cost_the_sweep_no_query_per_row(
    make_commitment, make_obligation, unit, other_unit, overdue_people
) -> None:
    from tests.reminders.test_batches import queries_of_sweep, sweep_named

    sweep = sweep_named("obligation escalations")
    counted = []
    for size in (5, 50):
        for n in range(size):
            make_commitment(reference=f"{size}.{n}", responsible_unit=(unit, other_unit)[n % 2])
        with time_machine.travel(at(2026, 11, 21), tick=False):
            make_obligation(due_date=D(2026, 12, 31))  # a project's, in the same batch
        claimed, queries = queries_of_sweep(sweep, at(2027, 1, 4, 9, 30))
        assert claimed == size + 1
        counted.append(sum(1 for sql in queries if not sql.startswith("INSERT")))
    assert counted[0] == counted[1], counted
