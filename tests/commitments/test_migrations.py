"""Commitments recorded before status reports existed get theirs from a migration."""

from __future__ import annotations

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps

from commitments.models import Commitment
from projects.models import Obligation

pytestmark = pytest.mark.django_db

opening = importlib.import_module("commitments.migrations.0004_open_status_reports")


def test_a_commitment_without_a_status_report_gets_one(
    framework, unit, coordinator, make_commitment
) -> None:
    reported = make_commitment()
    bare = Commitment.objects.create(
        framework=framework,
        reference="ANP 1.1",
        text_ka="  ჩარჩოს\nტექსტი ",
        responsible_unit=unit,
        reporting="semi_annual",
        created_by=coordinator,
    )
    moment = datetime.datetime(2027, 2, 10, 10, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        opening.open_status_reports(apps, None)
        opening.open_status_reports(apps, None)  # run again: nothing more
    (report,) = Obligation.objects.filter(commitment=bare)
    assert (report.kind, report.state, report.recurrence) == (
        "status_report",
        "open",
        "semi_annual",
    )
    assert report.due_date == datetime.date(2027, 6, 30) and report.anchor_day == 31
    assert report.description == "eu-aa ANP 1.1: ჩარჩოს ტექსტი"
    assert report.responsible_unit == unit and report.created_by == coordinator
    with time_machine.travel(moment, tick=False):
        expected = Obligation.objects.get(pk=report.pk)
        expected.plan_chasing(expected.state)
    assert (report.next_reminder_at, report.next_escalation_at) == (
        expected.next_reminder_at,
        expected.next_escalation_at,
    )
    assert Obligation.objects.filter(commitment=reported).count() == 1
