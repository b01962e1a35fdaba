"""Every attribute of an IATI activity comes from public fields: the default currency only with
a public budget, and last-updated only from what the file shows."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone
from lxml import etree

from iati import export
from projects.models import Project


def _activity(project: Project) -> etree._Element:
    root = etree.fromstring(export.build([project]).xml)
    (activity,) = root.findall("iati-activity")
    return activity


def test_a_budget_kept_back_does_not_give_its_currency(public_project: Project) -> None:
    public_project.public_fields = [f for f in public_project.public_fields if f != "budget"]
    public_project.save()
    activity = _activity(public_project)
    assert activity.get("default-currency") is None
    assert b"EUR" not in etree.tostring(activity)


def test_a_public_budget_gives_its_currency(public_project: Project) -> None:
    assert _activity(public_project).get("default-currency") == "EUR"


def test_last_updated_ignores_edits_kept_back(public_project: Project) -> None:
    public_project.public_fields = [f for f in public_project.public_fields if f != "goal"]
    public_project.save()
    before = _activity(public_project).get("last-updated-datetime")

    later = timezone.now() + datetime.timedelta(hours=5)
    with time_machine.travel(later):
        public_project.goal = "ახალი შიდა მიზანი"
        public_project.save()
        assert _activity(public_project).get("last-updated-datetime") == before

        public_project.title_en = "A new public title"
        public_project.save()
        assert _activity(public_project).get("last-updated-datetime") != before
