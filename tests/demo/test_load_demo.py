from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from actionplans.models import ActionPlan, Activity, ActivityReport
from commitments.models import Commitment, DonorPriority, Indicator, IndicatorValue
from core.models import Donor, OrganisationalUnit, RoleAssignment, User
from core.roles import Role
from needs.models import Need
from notifications.models import Notification
from projects.models import Obligation, ObligationSubmission, Project, ProjectParticipant
from projects.selectors import budget_totals
from workflow import selectors
from workflow.models import (
    AgendaItem,
    CoordinationMeeting,
    DonorCommunication,
    KeyPerformanceIndicator,
    Opportunity,
    TransitionLog,
)

# Each test loads the whole demo data set.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def loaded() -> None:
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())


def test_every_state_has_at_least_three_items_and_focals_unit_has_each(loaded) -> None:
    states = Counter(Opportunity.objects.values_list("state", flat=True))
    assert set(states) == {s.value for s in Opportunity.State}
    assert min(states.values()) >= 3
    assert 35 <= sum(states.values()) <= 50

    focal_unit = User.objects.get(username="focal").role_assignments.get(role=Role.FOCAL_POINT).unit
    assert {s.value for s in Opportunity.State} <= set(
        Opportunity.objects.filter(owning_unit=focal_unit).values_list("state", flat=True)
    )
    outcomes = set(
        Opportunity.objects.filter(state="closed").values_list("closing_outcome", flat=True)
    )
    assert outcomes == {"completed", "not_funded", "withdrawn"}


def test_history_matches_each_items_state(loaded) -> None:
    for opportunity in Opportunity.objects.exclude(state="identified"):
        last = TransitionLog.objects.filter(opportunity=opportunity).order_by("at", "id").last()
        assert last is not None and last.to_state == opportunity.state
    assert Notification.objects.exists()


def test_one_account_per_role_with_the_given_password(loaded) -> None:
    expected = {
        "focal": {(Role.FOCAL_POINT, "academy")},
        "focal2": {(Role.FOCAL_POINT, "border-police")},
        # The department's plan: one person reports for both of its divisions.
        "focal3": {(Role.FOCAL_POINT, "ird-projects"), (Role.FOCAL_POINT, "ird-euroatlantic")},
        "coordinator": {(Role.IRD_COORDINATOR, None)},
        "minister": {(Role.TOP_MANAGEMENT, None)},
        "head": {(Role.UNIT_HEAD, "academy")},
        "irdhead": {(Role.UNIT_HEAD, "ird")},
        "viewer": {(Role.VIEWER, None)},
        "admin": {(Role.ADMIN, None)},
    }
    for username, roles in expected.items():
        sign_in = RequestFactory().post("/login/")
        assert authenticate(sign_in, username=username, password="demo-pass-1") is not None, (
            username
        )
        assignments = RoleAssignment.objects.filter(user__username=username)
        assert {(a.role, a.unit.code if a.unit else None) for a in assignments} == roles
    academy_head = OrganisationalUnit.objects.get(code="academy").head
    ird_head = OrganisationalUnit.objects.get(code="ird").head
    assert academy_head is not None and academy_head.username == "head"
    assert ird_head is not None and ird_head.username == "irdhead"


def test_demo_items_are_planned_for_the_reminder_sweeps(loaded) -> None:
    waiting = Obligation.objects.filter(state__in=Obligation.WAITING_ON_UNIT)
    assert waiting.exists()
    # Each waits for its next escalation, or has climbed the whole ladder already.
    for obligation in waiting.filter(next_escalation_at=None):
        assert Notification.objects.filter(
            kind="obligation.escalation", object_id=obligation.pk, context__step=4
        ).exists(), obligation
    presented = Opportunity.objects.filter(state="presented")
    assert presented.exists() and not presented.filter(follow_up_at=None).exists()


def test_running_twice_duplicates_nothing(loaded) -> None:
    models = (
        OrganisationalUnit,
        Donor,
        User,
        RoleAssignment,
        Opportunity,
        TransitionLog,
        Notification,
        CoordinationMeeting,
        AgendaItem,
        DonorCommunication,
        Project,
        Obligation,
        ProjectParticipant,
        Commitment,
        Indicator,
        IndicatorValue,
        DonorPriority,
        ObligationSubmission,
        ActionPlan,
        Activity,
        ActivityReport,
        Need.commitments.through,
        KeyPerformanceIndicator,
    )
    before = [model.objects.count() for model in models]
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())
    assert [model.objects.count() for model in models] == before


def test_real_donors_are_present(loaded) -> None:
    assert {"EU", "Sida", "USAID", "UNDP", "CoE", "OSCE"} <= set(
        Donor.objects.values_list("acronym", flat=True)
    )


def test_meetings_have_minutes_and_the_next_one_an_agenda(loaded) -> None:
    presented = Opportunity.objects.exclude(presented_at=None)
    assert presented.exists()
    for opportunity in presented:
        item = opportunity.agenda_items.get(meeting=opportunity.presented_at)
        assert item.outcome == "presented" and item.notes
        # The department's recommendation goes with the item to top management.
        assert opportunity.ird_recommendation
    upcoming = selectors.next_meeting()
    assert upcoming is not None
    assert upcoming.agenda_items.filter(outcome="pending").exists()


def test_items_with_the_donor_have_a_contact_and_some_are_overdue(loaded) -> None:
    talking = Opportunity.objects.filter(state__in=["in_communication", "monitored"])
    assert all(o.communications.exists() for o in talking)
    assert selectors.overdue().filter(state="in_communication").exists()


def test_the_two_seed_projects_are_real_entries(loaded) -> None:
    sida = Project.objects.get(title_ka__startswith="საჯარო სექტორის განვითარება")
    assert budget_totals(sida) == {"SEK": 14500000}
    assert sida.get_status_display() == "დახურული"
    sida_donor = sida.participants.get(role="1").donor
    assert sida_donor is not None and sida_donor.code == "sida"
    eu = Project.objects.get(title_ka__startswith="სამოქალაქო საზოგადოება")
    assert {a.name_en for a in eu.target_areas.all()} == {
        "Guria",
        "Shida Kartli",
        "Mtskheta-Mtianeti",
    }
    assert eu.participants.filter(name="ევროპის ფონდი").exists()
    assert eu.obligations.get().kind == "final_report"


def test_every_monitored_opportunity_is_a_project_with_obligations(loaded) -> None:
    monitored = Opportunity.objects.filter(state="monitored")
    assert monitored.exists()
    for opportunity in monitored:
        assert opportunity.project.obligations.filter(recurrence="quarterly").exists()


def test_the_shopping_list_has_answered_needs_and_gaps_and_trainings_have_totals(loaded) -> None:
    from needs.models import Need
    from needs.selectors import needs_without_support
    from trainings.models import Training
    from trainings.selectors import totals_by_unit_and_year

    assert Need.objects.count() == 6
    assert {n.source for n in Need.objects.all()} == {"aa", "vlap", "anp", "parp", "un", "coe"}
    gaps = list(needs_without_support())
    assert 1 <= len(gaps) < 6
    assert Need.objects.filter(projects__title_ka__startswith="სამოქალაქო").exists()
    assert Training.objects.count() == 5
    assert len({row["year"] for row in totals_by_unit_and_year(Training.objects.all())}) >= 2
    # Loading again adds nothing.
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())
    assert Need.objects.count() == 6 and Training.objects.count() == 5
