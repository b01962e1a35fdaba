"""Every commitment has a status report (an obligation of the commitment, kind status_report)
from the day it is recorded; the services open it. Commitments recorded before — the ones the
shopping list's sources named (needs 0004) — get theirs here: recurring at the commitment's
periodicity, owed by its responsible unit, due at the end of the period running now, chased
from now on as any obligation."""

import calendar
import datetime

from django.db import migrations
from django.utils import timezone

MONTHS = {"monthly": 1, "quarterly": 3, "semi_annual": 6, "annual": 12}


def _period_end(day, periodicity):
    months = MONTHS[periodicity]
    last_month = ((day.month - 1) // months + 1) * months
    return datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def open_status_reports(apps, schema_editor):
    from scheduling import policy
    from scheduling.series import Reminder, planned

    Commitment = apps.get_model("commitments", "Commitment")
    Obligation = apps.get_model("projects", "Obligation")
    now = timezone.now()
    today = timezone.localdate(now)
    without = Commitment.objects.exclude(obligations__kind="status_report")
    for commitment in without.select_related("framework"):
        due = _period_end(today, commitment.reporting)
        text = " ".join(commitment.text_ka.split())
        Obligation.objects.create(
            commitment=commitment,
            kind="status_report",
            description=f"{commitment.framework.code} {commitment.reference}: {text[:300]}",
            responsible_unit_id=commitment.responsible_unit_id,
            due_date=due,
            recurrence=commitment.reporting,
            anchor_day=31,
            created_by_id=commitment.created_by_id,
            next_reminder_at=planned(Reminder(policy.obligation_reminder_series(), due), now),
            next_escalation_at=planned(Reminder(policy.escalation_series(), due), now),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0003_commitment_edits"),
        ("needs", "0004_link_commitments"),
        ("projects", "0011_commitment_obligations"),
    ]

    operations = [migrations.RunPython(open_status_reports, migrations.RunPython.noop)]
