"""A due date reads alike in every list: red once past, amber within a week, plain after —
and plain once the thing is no longer owed."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.template import Context, Template
from django.test import Client

from core.models import User
from projects.models import Obligation
from projects.services.obligations import obligation_transition
from web.templatetags.due import due_class_on
from workflow.models import Opportunity

TODAY = datetime.date(2027, 3, 10)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (TODAY - datetime.timedelta(days=1), "due-past"),
        (TODAY, "due-soon"),
        (TODAY + datetime.timedelta(days=7), "due-soon"),
        (TODAY + datetime.timedelta(days=8), ""),
        (None, ""),
    ],
)
def test_the_class_of_a_date(day: datetime.date | None, expected: str) -> None:
    assert due_class_on(day, TODAY) == expected


def test_the_filter_counts_from_today_in_local_time() -> None:
    template = Template("{% load due %}{{ day|due_class }}")
    # 23:30 UTC on the 9th is already the 10th in Tbilisi (UTC+4): the 9th is past.
    with time_machine.travel(datetime.datetime(2027, 3, 9, 23, 30, tzinfo=datetime.UTC)):
        assert template.render(Context({"day": datetime.date(2027, 3, 9)})) == "due-past"
        assert template.render(Context({"day": datetime.date(2027, 3, 10)})) == "due-soon"


@pytest.fixture
def _today() -> Iterator[None]:
    with time_machine.travel(datetime.datetime(2027, 3, 10, 9, tzinfo=datetime.UTC), tick=False):
        yield


def _cell(page: str, pk: int, path: str) -> str:
    """The class of the date cell on the row linking ``path``."""
    row = re.search(rf'<tr><td><a href="/{path}/{pk}/".*?</tr>', page, re.S)
    assert row, f"no row for {path} {pk}"
    dated = re.search(r'<td(?: class="([^"]*)")?>\d\d\.\d\d\.\d{4}</td>', row.group(0))
    assert dated, row.group(0)
    return dated.group(1) or ""


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_the_obligation_register_marks_dates_still_owed(
    make_obligation: Callable[..., Obligation], focal_point: User, coordinator: User
) -> None:
    late = make_obligation(due_date=datetime.date(2027, 3, 1))
    soon = make_obligation(due_date=datetime.date(2027, 3, 15))
    handed_in = make_obligation(due_date=datetime.date(2027, 3, 1))
    obligation_transition(obligation=handed_in, user=focal_point, name="submit", report="ანგარიში")
    client = Client()
    client.force_login(coordinator)
    page = client.get("/obligations/").content.decode()
    assert _cell(page, late.pk, "obligations") == "due-past"
    assert _cell(page, soon.pk, "obligations") == "due-soon"
    assert _cell(page, handed_in.pk, "obligations") == ""


@pytest.mark.django_db
@pytest.mark.usefixtures("_today")
def test_the_register_marks_a_donor_deadline_that_can_still_be_missed(
    make_opportunity: Callable[..., Opportunity], focal_point: User
) -> None:
    waiting = make_opportunity("presented", application_deadline=datetime.date(2027, 3, 12))
    missed = make_opportunity("identified", application_deadline=datetime.date(2027, 3, 1))
    funded = make_opportunity("monitored", application_deadline=datetime.date(2027, 3, 1))
    client = Client()
    client.force_login(focal_point)
    page = client.get("/register/").content.decode()

    def deadline_class(item: Opportunity) -> str:
        row = re.search(rf'<a href="/opportunities/{item.pk}/">.*?</tr>', page, re.S)
        assert row
        dated = re.search(r'<td(?: class="([^"]*)")?>\d\d\.\d\d\.\d{4}</td>', row.group(0))
        assert dated
        return dated.group(1) or ""

    assert deadline_class(waiting) == "due-soon"
    assert deadline_class(missed) == "due-past"
    assert deadline_class(funded) == ""
