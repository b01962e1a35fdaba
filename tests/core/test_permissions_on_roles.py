"""Each app's permissions, built on core.roles, for every kind of person: who may, and that
nobody else may (an anonymous visitor, a disabled account, a superuser without the role)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from calendars import permissions as calendar_may
from core import roles
from core.models import OrganisationalUnit, User
from core.roles import Role
from iati import permissions as iati_may
from imports import permissions as imports_may
from needs import permissions as needs_may
from needs.models import Need
from notifications import permissions as notifications_may
from projects import permissions as projects_may
from projects.models import Obligation, ProjectParticipant
from tests.factories import ProjectFactory, UserFactory
from trainings import permissions as trainings_may
from trainings.models import Training
from workflow import permissions as workflow_may
from workflow.models import Opportunity

PEOPLE = (
    "nobody",
    "anonymous",
    "disabled_coordinator",
    "coordinator",
    "minister",
    "focal",
    "other_focal",
    "head",
    "viewer",
    "admin",
    "superuser",
)


@pytest.fixture
def people(unit: OrganisationalUnit, other_unit: OrganisationalUnit) -> dict[str, Any]:
    disabled = UserFactory.create(username="gone", roles=[(Role.IRD_COORDINATOR, None)])
    disabled.is_active = False
    disabled.save()
    return {
        "nobody": None,
        "anonymous": AnonymousUser(),
        "disabled_coordinator": disabled,
        "coordinator": UserFactory.create(username="c", roles=[(Role.IRD_COORDINATOR, None)]),
        "minister": UserFactory.create(username="m", roles=[(Role.TOP_MANAGEMENT, None)]),
        "focal": UserFactory.create(username="f", roles=[(Role.FOCAL_POINT, unit)]),
        "other_focal": UserFactory.create(username="f2", roles=[(Role.FOCAL_POINT, other_unit)]),
        "head": UserFactory.create(username="h", roles=[(Role.UNIT_HEAD, unit)]),
        "viewer": UserFactory.create(username="v", roles=[(Role.VIEWER, None)]),
        "admin": UserFactory.create(username="a", roles=[(Role.ADMIN, None)]),
        "superuser": UserFactory.create(username="s", is_superuser=True),
    }


def allowed(rule: Callable[[Any], bool], people: dict[str, Any]) -> set[str]:
    return {name for name in PEOPLE if rule(people[name])}


def test_the_role_predicates(people: dict[str, Any], unit: OrganisationalUnit) -> None:
    assert allowed(roles.signed_in, people) == set(PEOPLE) - {
        "nobody",
        "anonymous",
        "disabled_coordinator",
    }
    assert allowed(roles.in_department, people) == {"coordinator"}
    assert allowed(roles.in_top_management, people) == {"minister"}
    assert allowed(roles.is_viewer, people) == {"viewer"}
    assert allowed(roles.is_administrator, people) == {"admin", "superuser"}
    assert allowed(roles.is_focal_point, people) == {"focal", "other_focal"}
    assert allowed(lambda u: roles.is_focal_point(u, unit.pk), people) == {"focal"}
    assert allowed(lambda u: roles.is_unit_head(u, unit.pk), people) == {"head"}
    assert allowed(roles.can_manage_directories, people) == {"coordinator", "admin", "superuser"}
    assert allowed(roles.keeps_any_unit_records, people) == {"coordinator", "focal", "other_focal"}
    assert allowed(lambda u: roles.keeps_unit_records(unit.pk, u), people) == {
        "coordinator",
        "focal",
    }
    assert allowed(lambda u: roles.keeps_unit_records(None, u), people) == {"coordinator"}


def test_opportunity_rules(people: dict[str, Any], unit: OrganisationalUnit) -> None:
    identified = Opportunity(owning_unit=unit, state=Opportunity.State.IDENTIFIED)
    presented = Opportunity(owning_unit=unit, state=Opportunity.State.PRESENTED)
    closed = Opportunity(owning_unit=unit, state=Opportunity.State.CLOSED)
    owner_or_department = {"coordinator", "focal"}
    # Transition permissions, as django-fsm calls them: (instance, user).
    assert allowed(lambda u: workflow_may.is_coordinator(identified, u), people) == {"coordinator"}
    assert allowed(lambda u: workflow_may.is_top_management(presented, u), people) == {"minister"}
    assert allowed(lambda u: workflow_may.is_owning_focal_point(identified, u), people) == {"focal"}
    assert (
        allowed(lambda u: workflow_may.is_owning_focal_point_or_coordinator(identified, u), people)
        == owner_or_department
    )
    assert (
        allowed(lambda u: workflow_may.can_create_for_unit(u, unit.pk), people)
        == owner_or_department
    )
    assert allowed(workflow_may.can_create_any, people) == {"coordinator", "focal", "other_focal"}
    assert allowed(lambda u: workflow_may.can_edit(identified, u), people) == owner_or_department
    assert allowed(lambda u: workflow_may.can_edit(presented, u), people) == set()
    assert allowed(workflow_may.can_manage_meetings, people) == {"coordinator"}
    assert (
        allowed(lambda u: workflow_may.can_keep_records(presented, u), people)
        == owner_or_department
    )
    assert allowed(lambda u: workflow_may.can_keep_records(closed, u), people) == set()


def test_project_and_obligation_rules(
    people: dict[str, Any], unit: OrganisationalUnit, other_unit: OrganisationalUnit
) -> None:
    project = ProjectFactory.create()
    ProjectParticipant.objects.create(
        project=project, role=ProjectParticipant.Role.IMPLEMENTING, unit=unit
    )
    due = Obligation(responsible_unit=unit, state=Obligation.State.OPEN)
    accepted = Obligation(responsible_unit=unit, state=Obligation.State.ACCEPTED)
    assert allowed(projects_may.can_keep_register, people) == {"coordinator"}
    assert allowed(lambda u: projects_may.is_coordinator(due, u), people) == {"coordinator"}
    assert allowed(
        lambda u: projects_may.is_responsible_focal_point_or_coordinator(due, u), people
    ) == {"coordinator", "focal"}
    assert allowed(lambda u: projects_may.can_correct_obligation(due, u), people) == {"coordinator"}
    assert allowed(lambda u: projects_may.can_correct_obligation(accepted, u), people) == set()
    assert allowed(lambda u: projects_may.can_report_progress(project, u), people) == {
        "coordinator",
        "focal",
    }


def test_unit_records_and_imports(
    people: dict[str, Any], unit: OrganisationalUnit, other_unit: OrganisationalUnit
) -> None:
    need = Need(responsible_unit=unit)
    training = Training(unit=other_unit)
    assert allowed(needs_may.can_keep_needs, people) == {"coordinator", "focal", "other_focal"}
    assert allowed(lambda u: needs_may.can_keep_need(need, u), people) == {"coordinator", "focal"}
    assert allowed(trainings_may.can_record_trainings, people) == {
        "coordinator",
        "focal",
        "other_focal",
    }
    assert allowed(lambda u: trainings_may.can_keep_training(training, u), people) == {
        "coordinator",
        "other_focal",
    }
    assert allowed(imports_may.can_import_registers, people) == {"coordinator"}
    assert allowed(iati_may.can_import_iati, people) == {"coordinator"}
    assert allowed(notifications_may.can_resend, people) == {"coordinator"}


def test_whose_items_a_calendar_follows(
    people: dict[str, Any], unit: OrganisationalUnit, other_unit: OrganisationalUnit
) -> None:
    everything = {"coordinator", "minister", "viewer", "admin", "superuser"}
    followed = {name: calendar_may.followed_unit_ids(people[name]) for name in PEOPLE}
    assert {name for name, units in followed.items() if units is None} == everything
    assert followed["focal"] == {unit.pk}
    assert followed["head"] == {unit.pk}
    assert followed["other_focal"] == {other_unit.pk}
    for name in ("nobody", "anonymous", "disabled_coordinator"):
        assert followed[name] == set()


def test_a_person_holding_several_roles_follows_each_unit(
    unit: OrganisationalUnit, other_unit: OrganisationalUnit
) -> None:
    both: User = UserFactory.create(
        username="both", roles=[(Role.FOCAL_POINT, unit), (Role.UNIT_HEAD, other_unit)]
    )
    assert calendar_may.followed_unit_ids(both) == {unit.pk, other_unit.pk}
