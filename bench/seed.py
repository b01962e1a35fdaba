"""Ministry-sized data, loaded by COPY: units with a focal point each, donors, opportunities
with their transition log, and projects with obligations."""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from bench.common import analyze, copy_rows, template_row
from core.models import Donor, OrganisationalUnit, User
from core.roles import Role
from projects.models import Obligation, Project
from tests.factories import (
    DonorFactory,
    OpportunityFactory,
    ProjectFactory,
    UnitFactory,
    UserFactory,
)
from workflow.measures import FUNNEL
from workflow.models import KeyPerformanceIndicator, Opportunity, TransitionLog

MAIN_LINE = ["identified", "presented", "approved", "in_communication", "monitored", "closed"]
STATES = [*MAIN_LINE, "rejected"]


@dataclass
class Base:
    units: list[OrganisationalUnit]
    donors: list[Donor]
    focal_points: list[User]
    coordinator: User
    minister: User


def base(units: int = 20, donors: int = 50) -> Base:
    made_units = [UnitFactory(code=f"bench-unit-{n}") for n in range(units)]
    focal_points = [
        UserFactory(username=f"bench-focal-{n}", roles=[(Role.FOCAL_POINT, unit)])
        for n, unit in enumerate(made_units)
    ]
    return Base(
        units=made_units,
        donors=[DonorFactory(code=f"bench-donor-{n}") for n in range(donors)],
        focal_points=focal_points,
        coordinator=UserFactory(username="bench-coordinator", roles=[(Role.IRD_COORDINATOR, None)]),
        minister=UserFactory(username="bench-minister", roles=[(Role.TOP_MANAGEMENT, None)]),
    )


def opportunities(count: int, at: Base, seed: int = 7) -> list[int]:
    """``count`` opportunities spread over units, donors and states, each with the transition
    log of the way it came; returns their ids."""
    rng = random.Random(seed)
    pattern = template_row(
        OpportunityFactory(
            owning_unit=at.units[0], donor=at.donors[0], created_by=at.focal_points[0]
        )
    )
    now = timezone.now()
    plan = []
    for n in range(count):
        state = rng.choices(STATES, weights=[30, 10, 8, 15, 20, 12, 5])[0]
        unit_index = rng.randrange(len(at.units))
        created = now - datetime.timedelta(days=rng.randint(10, 900))
        plan.append((n, state, unit_index, created))
    copy_rows(
        Opportunity,
        (
            pattern
            | {
                "reference": f"B-{n:07d}",
                "title": f"სატესტო შესაძლებლობა {n}",
                "state": state,
                "owning_unit_id": at.units[unit_index].pk,
                "donor_id": at.donors[n % len(at.donors)].pk,
                "created_by_id": at.focal_points[unit_index].pk,
                "estimated_value": Decimal(10_000 + n % 500 * 1_000),
                "application_deadline": (created + datetime.timedelta(days=120)).date(),
                "created_at": created,
                "updated_at": created,
                "state_changed_at": created + datetime.timedelta(days=5 * _depth(state)),
            }
            for n, state, unit_index, created in plan
        ),
    )
    ids = dict(
        Opportunity.objects.filter(reference__startswith="B-").values_list("reference", "id")
    )
    log_pattern = {"comment": "", "actor_id": at.coordinator.pk}
    transition_into = {str(stage): name for stage, name in FUNNEL} | {"rejected": "reject"}
    copy_rows(
        TransitionLog,
        (
            log_pattern
            | {
                "opportunity_id": ids[f"B-{n:07d}"],
                "transition": transition_into[after],
                "from_state": before,
                "to_state": after,
                "at": created + datetime.timedelta(days=5 * (step + 1)),
                "stay_days": 5.0,
            }
            for n, state, _unit, created in plan
            for step, (before, after) in enumerate(_path(state))
        ),
    )
    first_kpi = KeyPerformanceIndicator.objects.first()
    assert first_kpi is not None  # the factory gives each opportunity one
    kpi = template_row(first_kpi)
    copy_rows(KeyPerformanceIndicator, (kpi | {"opportunity_id": pk} for pk in ids.values()))
    # Every third item also serves two other units.
    copy_rows(
        Opportunity.beneficiary_units.through,
        (
            {"opportunity_id": ids[f"B-{n:07d}"], "organisationalunit_id": at.units[other].pk}
            for n, _state, unit_index, _created in plan
            if n % 3 == 0
            for other in ((unit_index + 1) % len(at.units), (unit_index + 2) % len(at.units))
        ),
    )
    analyze()
    return list(ids.values())


def _depth(state: str) -> int:
    return 1 if state == "rejected" else MAIN_LINE.index(state)


def _path(state: str) -> list[tuple[str, str]]:
    if state == "rejected":
        return [("identified", "presented"), ("presented", "rejected")]
    line = MAIN_LINE[: MAIN_LINE.index(state) + 1]
    return list(itertools.pairwise(line))


def obligations(count: int, due: int, at: Base, projects: int = 1000) -> datetime.datetime:
    """``count`` open obligations, of which ``due`` have an escalation due now; the rest are
    planned for later. Returns the moment the sweep should run at."""
    pattern_project = template_row(ProjectFactory(created_by=at.coordinator))
    copy_rows(
        Project,
        (pattern_project | {"title_ka": f"სატესტო პროექტი {n}"} for n in range(projects)),
    )
    project_ids = list(
        Project.objects.filter(title_ka__startswith="სატესტო პროექტი").values_list("id", flat=True)
    )
    now = timezone.now().replace(microsecond=0)
    sample = Obligation(
        project_id=project_ids[0],
        kind="narrative_report",
        description="კვარტალური ანგარიში",
        responsible_unit=at.units[0],
        due_date=now.date(),
        recurrence="one_off",
        created_by=at.coordinator,
    )
    sample.save()
    pattern = template_row(sample)
    Obligation.objects.filter(pk=sample.pk).delete()
    later = now + datetime.timedelta(days=30)
    # Three days overdue in the ministry's time zone, as the sweeps count, at any hour.
    past_due = timezone.localdate(now) - datetime.timedelta(days=3)
    copy_rows(
        Obligation,
        (
            pattern
            | {
                "project_id": project_ids[n % len(project_ids)],
                "responsible_unit_id": at.units[n % len(at.units)].pk,
                "due_date": past_due if n < due else timezone.localdate(later),
                "next_reminder_at": None if n < due else later,
                "next_escalation_at": now - datetime.timedelta(minutes=5) if n < due else later,
                "anchor_day": 1,
            }
            for n in range(count)
        ),
    )
    analyze()
    return now


def wipe() -> None:
    """Empty every table, so each benchmark starts from the same place."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(format('%I', tablename), ', ') FROM pg_tables "
            "WHERE schemaname = 'public' AND tablename <> 'django_migrations' "
            "AND tablename NOT LIKE 'django_content_type' AND tablename NOT LIKE 'auth_permission'"
        )
        tables = cursor.fetchone()[0]
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        # Write out what the previous benchmark left in memory now, not during the next one.
        cursor.execute("CHECKPOINT")
