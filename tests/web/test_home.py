"""The home page lists what a focal point's unit owes on commitments and on the action plan,
each with the link that acts on it; other people's homes do not."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client

from actionplans.models import ActivityReport
from actionplans.services import activity_report
from commitments.models import Commitment, Framework
from commitments.services import commitment_create
from core.models import OrganisationalUnit, User
from tests.actionplans.plans import department_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_commitment(unit: OrganisationalUnit, coordinator: User) -> Callable[[], Commitment]:
    """A commitment of ``unit``'s recorded on 15.11.2026: its first quarterly status report
    falls due on 31.12.2026."""

    def make() -> Commitment:
        with time_machine.travel(datetime.datetime(2026, 11, 15, 10, tzinfo=datetime.UTC)):
            return commitment_create(
                user=coordinator,
                fields={
                    "framework": Framework.objects.get(code="eu-aa"),
                    "reference": "მუხლი 14.2",
                    "text_ka": "საზღვრის ინტეგრირებული მართვის სტრატეგიის განხორციელება",
                    "responsible_unit": unit,
                },
                indicators=[],
            )

    return make


# In the second quarter of the plan's year: the first quarter's status is owed (due in April).
IN_APRIL = datetime.datetime(2027, 4, 8, 9, tzinfo=datetime.UTC)


def _home(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_focal_point_sees_the_commitment_report_owed_and_is_taken_to_its_form(
    make_commitment: Callable[[], Commitment], focal_point: User
) -> None:
    commitment = make_commitment()
    with time_machine.travel(datetime.datetime(2027, 1, 20, 9, tzinfo=datetime.UTC)):
        page = _home(focal_point)
    assert f'href="/commitments/{commitment.pk}/report/"' in page
    assert "31.12.2026" in page
    # Past its due date: marked overdue.
    assert 'class="due-past"' in page


def test_another_units_focal_point_and_the_coordinator_see_no_such_report(
    make_commitment: Callable[[], Commitment],
    other_unit_focal_point: User,
    coordinator: User,
) -> None:
    commitment = make_commitment()
    for person in (other_unit_focal_point, coordinator):
        assert f"/commitments/{commitment.pk}/report/" not in _home(person)


def test_a_focal_point_sees_the_quarter_owed_on_the_plan_until_it_is_reported(
    unit: OrganisationalUnit, coordinator: User, focal_point: User
) -> None:
    plan = department_plan(unit, coordinator)
    activity = plan.activities.get(number="1.1.1")
    link = f'href="/action-plans/activities/{activity.pk}/report/?quarter=1"'
    with time_machine.travel(IN_APRIL):
        assert link in _home(focal_point)
        activity_report(
            activity=activity,
            user=focal_point,
            quarter=1,
            status=ActivityReport.Status.IN_PROGRESS,
            progress="კითხვარი დაეგზავნა დანაყოფებს",
            actual=None,
        )
        page = _home(focal_point)
    assert link not in page
    # The plan's other activity of the unit still owes its first quarter.
    other = plan.activities.get(number="1.2.1")
    assert f'href="/action-plans/activities/{other.pk}/report/?quarter=1"' in page


def test_a_quarter_still_to_come_is_not_owed(
    unit: OrganisationalUnit, coordinator: User, focal_point: User
) -> None:
    department_plan(unit, coordinator)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)):
        assert "/action-plans/activities/" not in _home(focal_point)


def test_an_escalated_status_report_opens_the_obligation_for_those_who_do_not_report_it(
    make_commitment: Callable[[], Commitment],
    focal_point: User,
    unit_head: User,
    minister: User,
) -> None:
    """Past the escalation limits, the head and the minister see the report owed; their line
    opens the obligation's page (the report's form is the focal point's), and it opens."""
    commitment = make_commitment()
    obligation = commitment.obligations.get()
    with time_machine.travel(datetime.datetime(2027, 2, 10, 9, tzinfo=datetime.UTC)):
        assert f'href="/commitments/{commitment.pk}/report/"' in _home(focal_point)
        for person in (unit_head, minister):
            page = _home(person)
            assert f'href="/obligations/{obligation.pk}/"' in page
            assert f"/commitments/{commitment.pk}/report/" not in page
            client = Client()
            client.force_login(person)
            assert client.get(f"/obligations/{obligation.pk}/").status_code == 200
