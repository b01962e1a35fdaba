"""Plan every open item's reminders again, after the reminder rules in settings changed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from actionplans.models import Activity
from projects.models import Obligation, Project
from workflow.models import CoordinationMeeting, Opportunity


class Command(BaseCommand):
    help = "Recompute when each open item is next reminded, from the rules in settings."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        opportunities = list(Opportunity.objects.exclude(state__in=Opportunity.FINISHED))
        for opportunity in opportunities:
            opportunity.plan_reminders()
        Opportunity.objects.bulk_update(opportunities, ["deadline_alert_at", "follow_up_at"])
        obligations = list(Obligation.objects.filter(state__in=Obligation.WAITING_ON_UNIT))
        for obligation in obligations:
            obligation.plan_chasing(obligation.state)
        Obligation.objects.bulk_update(obligations, ["next_reminder_at", "next_escalation_at"])
        projects = list(Project.objects.exclude(next_report_due=None))
        for project in projects:
            project.plan_report_reminder()
        Project.objects.bulk_update(projects, ["report_reminder_at"])
        meetings = list(CoordinationMeeting.objects.all())
        for meeting in meetings:
            meeting.plan_agenda_reminder()
        CoordinationMeeting.objects.bulk_update(meetings, ["agenda_reminder_at"])
        activities = list(Activity.objects.select_related("plan").prefetch_related("reports"))
        for activity in activities:
            activity.plan_report_reminder()
        Activity.objects.bulk_update(activities, ["next_report_at"])
        self.stdout.write(
            f"planned: {len(opportunities)} opportunities, {len(obligations)} obligations, "
            f"{len(projects)} projects, {len(meetings)} meetings, "
            f"{len(activities)} plan activities"
        )
