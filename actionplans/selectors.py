"""Reads of the action plans: the list, a plan with its sections, activities and quarterly
statuses, and how far a plan has come (by section, by unit and per quarter)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from actionplans.layout import years_named
from actionplans.models import ActionPlan, Activity, ActivityReport, PlanSection, number_key
from actionplans.quarters import QUARTERS, report_due
from commitments.models import Commitment


def plan_list() -> QuerySet[ActionPlan]:
    return (
        ActionPlan.objects.select_related("unit", "copied_from")
        .annotate(activity_count=Count("activities", distinct=True))
        .order_by("-year", "unit__name_ka", "id")
    )


def dated_outside_its_year(plan: ActionPlan) -> list[str]:
    """The numbers of the plan's activities dated in another year than the plan's, by their
    deadline date or a year their deadline as written names: an older plan imported as this
    year's keeps its old dates until someone moves them."""
    rows = plan.activities.values_list("number", "deadline", "deadline_text")
    return sorted(
        (
            number
            for number, deadline, written in rows
            if (deadline is not None and deadline.year != plan.year)
            or years_named(written) - {plan.year}
        ),
        key=number_key,
    )


def activities_of(plan: ActionPlan) -> QuerySet[Activity]:
    """A plan's activities in the order of their numbers, with what the pages print of them."""
    return (
        Activity.objects.filter(plan=plan)
        .select_related("plan", "section", "responsible_unit")
        .prefetch_related(
            Prefetch("reports", queryset=ActivityReport.objects.select_related("reported_by")),
            Prefetch("commitments", queryset=Commitment.objects.select_related("framework")),
            "needs",
            "projects",
        )
        .order_by("position", "id")
    )


@dataclass
class SectionRows:
    section: PlanSection
    activities: list[Activity] = field(default_factory=list)


def plan_sections(plan: ActionPlan) -> list[SectionRows]:
    """Each section with its activities, in the order the plan prints them. A section that is
    only a heading (``1.``) has none."""
    rows = {section.pk: SectionRows(section) for section in plan.sections.order_by("position")}
    for activity in activities_of(plan):
        rows[activity.section_id].activities.append(activity)
    return list(rows.values())


def quarter_reports(activity: Activity) -> list[ActivityReport | None]:
    """The activity's report of each quarter (None where none is given), from its prefetch."""
    by_quarter = {report.quarter: report for report in activity.reports.all()}
    return [by_quarter.get(quarter) for quarter in QUARTERS]


# --- Completion ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """Activities counted: done, cancelled (left out of the share) and all."""

    label: str
    total: int = 0
    done: int = 0
    cancelled: int = 0
    reported: int = 0

    @property
    def counted(self) -> int:
        return self.total - self.cancelled

    @property
    def share(self) -> Decimal | None:
        """Done as a percentage of the activities not cancelled (None when there are none)."""
        if not self.counted:
            return None
        return (Decimal(100) * self.done / self.counted).quantize(Decimal(1))

    def add(self, status: str | None, *, reported: bool = False) -> None:
        self.total += 1
        self.done += status == ActivityReport.Status.DONE
        self.cancelled += status == ActivityReport.Status.CANCELLED
        self.reported += reported


@dataclass
class Completion:
    overall: Tally
    by_section: list[Tally]
    by_unit: list[Tally]
    # As things stood at the end of each quarter, and how many reported on it.
    by_quarter: list[Tally]


def status_as_of(statuses: dict[int, str], quarter: int) -> str | None:
    """The status an activity stood at in ``quarter``: its latest report up to then."""
    reported = [q for q in statuses if q <= quarter]
    return statuses[max(reported)] if reported else None


def completion(activities: Iterable[Activity]) -> Completion:
    """How far the activities have come: the share done, overall, by the section each sits in,
    by responsible unit, and at the end of each quarter. Reads the activities' prefetched
    reports, section and unit."""
    overall = Tally("")
    sections: dict[int, Tally] = {}
    units: dict[int, Tally] = {}
    quarters = [Tally(str(quarter)) for quarter in QUARTERS]
    order: dict[int, tuple[int, ...]] = {}
    for activity in activities:
        statuses = {report.quarter: report.status for report in activity.reports.all()}
        latest = status_as_of(statuses, 4)
        overall.add(latest)
        section = activity.section
        sections.setdefault(section.pk, Tally(f"{section.number}. {section.title}")).add(latest)
        order[section.pk] = (section.position,)
        unit = activity.responsible_unit
        units.setdefault(unit.pk, Tally(unit.name)).add(latest)
        for tally, quarter in zip(quarters, QUARTERS, strict=True):
            tally.add(status_as_of(statuses, quarter), reported=quarter in statuses)
    return Completion(
        overall=overall,
        by_section=[sections[pk] for pk in sorted(sections, key=order.__getitem__)],
        by_unit=sorted(units.values(), key=lambda tally: tally.label),
        by_quarter=quarters,
    )


def plan_completion(plan: ActionPlan) -> Completion:
    return completion(activities_of(plan))


def completion_of_plans(plans: Iterable[ActionPlan]) -> dict[int, Tally]:
    """Each plan's overall completion, read for all of them at once (the list page)."""
    plans = list(plans)
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    reports = ActivityReport.objects.filter(activity__plan__in=plans).values_list(
        "activity_id", "quarter", "status"
    )
    for activity_id, quarter, status in reports:
        statuses[activity_id][quarter] = status
    tallies = {plan.pk: Tally(plan.title) for plan in plans}
    for activity_id, plan_id in Activity.objects.filter(plan__in=plans).values_list(
        "id", "plan_id"
    ):
        tallies[plan_id].add(status_as_of(statuses[activity_id], 4))
    return tallies


@dataclass(frozen=True)
class OwedStatus:
    """A quarter's status an activity still owes, and the day it is due."""

    activity: Activity
    quarter: int
    due: datetime.date


def statuses_owed(unit_ids: set[int], today: datetime.date) -> list[OwedStatus]:
    """The quarterly statuses the units owe on ``today``, the earliest due first: for each of
    their activities not finished, the quarter the sweeps chase and every earlier quarter of
    this year's plan still missing (the rule is the activity's own, ``Activity.quarters_owed``)."""
    return _owed(_chased(today).filter(responsible_unit_id__in=unit_ids), today)


def statuses_overdue_by_unit(
    today: datetime.date, unit_ids: set[int] | None = None
) -> dict[int, list[OwedStatus]]:
    """The quarterly statuses past their due date, per responsible unit (every unit's, or of
    ``unit_ids``): the same rule as ``statuses_owed``, in two queries."""
    activities = _chased(today)
    if unit_ids is not None:
        activities = activities.filter(responsible_unit_id__in=unit_ids)
    late: dict[int, list[OwedStatus]] = defaultdict(list)
    for row in _owed(activities, today):
        if row.due < today:
            late[row.activity.responsible_unit_id].append(row)
    return dict(late)


def _chased(today: datetime.date) -> QuerySet[Activity]:
    # A quarter's status is chased weeks after it ends, so last year's fourth quarter is the
    # oldest that can still be owed: older plans are not read at all.
    return (
        Activity.objects.filter(plan__year__gte=today.year - 1, plan__year__lte=today.year)
        .select_related("plan", "section")
        .prefetch_related("reports")
        .order_by("plan__year", "position", "id")
    )


def _owed(activities: Iterable[Activity], today: datetime.date) -> list[OwedStatus]:
    owed = [
        OwedStatus(activity, quarter, report_due(activity.plan.year, quarter))
        for activity in activities
        for quarter in activity.quarters_owed(today)
    ]
    return sorted(owed, key=lambda row: (row.due, row.activity.number))
