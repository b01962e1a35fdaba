"""Every write to the action plans: a plan, its sections and activities, next year's copy, and
the quarterly status an activity's responsible unit reports. Edits keep what they changed.

Numbers are kept as the plan prints them without the last dot: a section ``1.1``, its
activities ``1.1.1``, ``1.1.2``. An activity sits one level under its section.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypedDict, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import permissions as may
from actionplans.layout import (
    LINK_COLUMNS,
    ReadPlan,
    SheetRow,
    day_from,
    linked_names,
    read_plan,
    reads_as_number,
    record_number,
    target_from,
    years_named,
)
from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityReport,
    PlanSection,
    number_key,
)
from actionplans.quarters import QUARTERS, begun
from commitments.models import Commitment
from core.errors import ActionBlocked, ActionForbidden
from core.history import update_keeping_history
from core.models import OrganisationalUnit, User
from core.validation import validated
from core.versions import edit_begins, save_new_version
from needs.models import Need
from projects.models import Project

# 1, 1.1, 3.2.1.1: up to six levels of up to three digits.
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,5}$")

PLAN_TRACKED = ("year", "unit", "title")
ACTIVITY_TRACKED = Activity.EDITABLE_FIELDS
REPORT_TRACKED = ("status", "progress", "actual", "reported_by")


class PlanFields(TypedDict, total=False):
    year: int
    unit: OrganisationalUnit | None
    title: str


class SectionFields(TypedDict, total=False):
    number: str
    title: str


class ActivityFields(TypedDict, total=False):
    section: PlanSection
    number: str
    text: str
    indicator: str
    target: Decimal | None
    deadline_text: str
    deadline: datetime.date | None
    responsible_unit: OrganisationalUnit
    others_involved: str
    comments: str


def plain_number(text: str) -> str | None:
    """``"1.1."`` or ``" 1.1 "`` as ``"1.1"``; None for what is no plan number."""
    number = text.strip().removesuffix(".")
    return number if _NUMBER.match(number) else None


def _number(text: str) -> str:
    number = plain_number(text)
    if number is None:
        raise ActionBlocked(
            _("“%(number)s” is no plan number; write it as 1.1 or 1.1.1.") % {"number": text}
        )
    return number


def _refuse_unless_keeps(unit_id: int | None, user: User) -> None:
    if not may.can_keep_plan_of(unit_id, user):
        raise ActionForbidden(
            _(
                "A unit's plan is kept by its focal points and head, and the department's plan "
                "by the department's coordinators."
            )
        )


def default_title(year: int) -> str:
    return _("Action plan %(year)s") % {"year": year}


def _renumber(plan: ActionPlan) -> None:
    """Sections and activities stand in the order of their numbers (1.9 before 1.10)."""
    sections = list(PlanSection.objects.filter(plan=plan))
    PlanSection.objects.bulk_update(_reordered(sections), ["position"])
    activities = list(Activity._base_manager.filter(plan=plan).only("id", "number", "position"))
    Activity._base_manager.bulk_update(_reordered(activities), ["position"])


def _reordered(rows: list[Any]) -> list[Any]:
    """The rows whose position changes when they are put in the order of their numbers."""
    moved = []
    for position, row in enumerate(sorted(rows, key=lambda row: number_key(row.number))):
        if row.position != position:
            row.position = position
            moved.append(row)
    return moved


def _replan(activities: Sequence[Activity], *, fresh: bool = False) -> None:
    """Set when the sweeps next chase each activity's quarterly status (no new version: the
    due column is the sweeps' own). ``fresh`` activities have no reports yet."""
    now = timezone.now()
    for activity in activities:
        if fresh:
            activity._prefetched_objects_cache = {"reports": ActivityReport.objects.none()}  # type: ignore[attr-defined]
        activity.plan_report_reminder(now)
    Activity._base_manager.bulk_update(activities, ["next_report_at"])


def plan_chasing_replan(plan: ActionPlan) -> None:
    """Plan from now when the sweeps next chase each of the plan's activities: for statuses
    recorded as of an earlier day (the demo's lived year), whose chase was planned from then."""
    _replan(list(plan.activities.select_related("plan").prefetch_related("reports")))


# --- Plans -------------------------------------------------------------------------------------


def _checked_plan(plan: ActionPlan) -> None:
    if not (plan.title or "").strip():
        plan.title = default_title(plan.year)
    validated(plan, exclude=["created_by"])


@transaction.atomic
def plan_create(*, user: User, fields: PlanFields) -> ActionPlan:
    """A plan for a year, of the department (``unit`` None) or of a unit; one of each per year.
    Without a title it is called “Action plan <year>”."""
    plan = ActionPlan(created_by=user, **fields)
    _refuse_unless_keeps(plan.unit_id, user)
    _checked_plan(plan)
    plan.save()
    return plan


@transaction.atomic
def plan_update(
    *, plan: ActionPlan, user: User, fields: PlanFields, expected_version: int | None = None
) -> ActionPlan:
    """Correct a plan's year, unit or title; the person must keep the plan both as it is stored
    and as it is to be. A new year moves the quarters its activities are chased for."""

    def check() -> None:
        _refuse_unless_keeps(plan.unit_id, user)
        _checked_plan(plan)

    update_keeping_history(
        plan,
        user=user,
        fields=dict(fields),
        tracked=PLAN_TRACKED,
        check=check,
        may_edit=lambda: _refuse_unless_keeps(plan.unit_id, user),
        expected_version=expected_version,
    )
    _replan(list(plan.activities.select_related("plan").prefetch_related("reports")))
    return plan


def _moved_a_year(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _years_moved(text: str, old: int, new: int) -> str:
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text)


@transaction.atomic
def plan_copy(*, plan: ActionPlan, user: User, year: int | None = None) -> ActionPlan:
    """Next year's plan starts from this one: the same sections and activities with their
    links, deadlines a year on (the year in a title or a deadline as written too), no status
    reports; the copy remembers what it was copied from."""
    _refuse_unless_keeps(plan.unit_id, user)
    year = plan.year + 1 if year is None else year
    years = year - plan.year
    copy = ActionPlan(
        created_by=user,
        year=year,
        unit=plan.unit,
        title=_years_moved(plan.title, plan.year, year),
        copied_from=plan,
    )
    _checked_plan(copy)
    copy.save()
    sections = {}
    for section in plan.sections.all():
        sections[section.pk] = PlanSection.objects.create(
            plan=copy, number=section.number, title=section.title, position=section.position
        )
    copied: list[Activity] = []
    originals = plan.activities.prefetch_related("commitments", "needs", "projects")
    for activity in originals:
        twin = Activity(
            plan=copy,
            section=sections[activity.section_id],
            number=activity.number,
            text=activity.text,
            indicator=activity.indicator,
            target=activity.target,
            deadline_text=_years_moved(activity.deadline_text, plan.year, year),
            deadline=_moved_a_year(activity.deadline, years),
            responsible_unit_id=activity.responsible_unit_id,
            others_involved=activity.others_involved,
            comments=activity.comments,
            position=activity.position,
        )
        validated(twin, exclude=["next_report_at"])
        twin.save()
        twin.commitments.set(activity.commitments.all())
        twin.needs.set(activity.needs.all())
        twin.projects.set(activity.projects.all())
        copied.append(twin)
    _replan(copied, fresh=True)
    return copy


# --- Sections ----------------------------------------------------------------------------------


def _refuse_taken_number(plan: ActionPlan, number: str, *, but: Any = None) -> None:
    sections = PlanSection.objects.filter(plan=plan, number=number)
    activities = Activity.objects.filter(plan=plan, number=number)
    if but is not None:
        sections = sections.exclude(pk=but.pk) if isinstance(but, PlanSection) else sections
        activities = activities.exclude(pk=but.pk) if isinstance(but, Activity) else activities
    if sections.exists() or activities.exists():
        raise ActionBlocked(_("The plan already has a number %(number)s.") % {"number": number})


@transaction.atomic
def section_add(*, plan: ActionPlan, user: User, number: str, title: str) -> PlanSection:
    """A numbered heading of the plan (``1.``, ``1.1.``, ``3.2.1.``)."""
    _refuse_unless_keeps(plan.unit_id, user)
    section = PlanSection(plan=plan, number=_number(number), title=title.strip())
    _refuse_taken_number(plan, section.number)
    validated(section, exclude=["plan"])
    section.save()
    _renumber(plan)
    return section


@transaction.atomic
def section_update(
    *,
    section: PlanSection,
    user: User,
    fields: SectionFields,
    expected_version: int | None = None,
) -> PlanSection:
    """Retitle or renumber a section; its activities are renumbered with it (1.2 → 1.3 makes
    1.2.1 → 1.3.1). What changed is kept in the plan's history. With ``expected_version`` an
    edit of a section saved meanwhile by someone else is refused (VersionConflict)."""
    plan = ActionPlan.objects.select_for_update().get(pk=section.plan_id)
    _refuse_unless_keeps(plan.unit_id, user)
    columns_before = edit_begins(section, expected_version=expected_version)
    before = (section.number, section.title)
    if "title" in fields:
        section.title = fields["title"].strip()
    old_number = section.number
    if "number" in fields:
        section.number = _number(fields["number"])
        if section.number != old_number:
            _refuse_taken_number(plan, section.number, but=section)
    validated(section, exclude=["plan"])
    save_new_version(section, before=columns_before)
    if section.number != old_number:
        for activity in section.activities.all():
            rest = activity.number.removeprefix(old_number)
            activity_update(activity=activity, user=user, fields={"number": section.number + rest})
    after = (section.number, section.title)
    if after != before:
        label = _("section %(number)s") % {"number": old_number}
        plan.edits.create(actor=user, changes={label: [" ".join(before), " ".join(after)]})
    _renumber(plan)
    return section


# --- Activities --------------------------------------------------------------------------------


def _check_activity(activity: Activity) -> None:
    activity.number = _number(activity.number)
    section = activity.section
    if section.plan_id != activity.plan_id:
        raise ActionBlocked(_("The section is not one of this plan's."))
    if activity.number.rpartition(".")[0] != section.number:
        raise ActionBlocked(
            _("Activity %(number)s does not sit under section %(section)s (%(section)s.1, …).")
            % {"number": activity.number, "section": section.number}
        )
    _refuse_taken_number(activity.plan, activity.number, but=activity)
    validated(activity, exclude=["next_report_at"])


def _link(
    activity: Activity,
    commitments: Sequence[Commitment] | None,
    needs: Sequence[Need] | None,
    projects: Sequence[Project] | None,
) -> None:
    if commitments is not None:
        activity.commitments.set(commitments)
    if needs is not None:
        activity.needs.set(needs)
    if projects is not None:
        activity.projects.set(projects)


@transaction.atomic
def activity_add(
    *,
    plan: ActionPlan,
    user: User,
    fields: ActivityFields,
    commitments: Sequence[Commitment] = (),
    needs: Sequence[Need] = (),
    projects: Sequence[Project] = (),
) -> Activity:
    """A numbered activity under one of the plan's sections, with what it serves."""
    _refuse_unless_keeps(plan.unit_id, user)
    if "section" not in fields:
        raise ActionBlocked(_("Choose the section the activity belongs to."))
    activity = Activity(plan=plan, **fields)
    _check_activity(activity)
    activity.save()
    _link(activity, commitments, needs, projects)
    _renumber(plan)
    _replan([activity])
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    user: User,
    fields: ActivityFields,
    commitments: Sequence[Commitment] | None = None,
    needs: Sequence[Need] | None = None,
    projects: Sequence[Project] | None = None,
    expected_version: int | None = None,
) -> Activity:
    """Correct an activity; links left as ``None`` stay as they are. With ``expected_version``
    an edit of an activity saved meanwhile by someone else is refused (VersionConflict)."""
    plan = activity.plan

    def check() -> None:
        _check_activity(activity)

    update_keeping_history(
        activity,
        user=user,
        fields=dict(fields),
        tracked=ACTIVITY_TRACKED,
        check=check,
        may_edit=lambda: _refuse_unless_keeps(plan.unit_id, user),
        after_save=lambda: _link(activity, commitments, needs, projects),
        expected_version=expected_version,
    )
    _renumber(plan)
    _replan([activity])
    return activity


# --- Quarterly status ----------------------------------------------------------------------------


@transaction.atomic
def activity_report(
    *,
    activity: Activity,
    user: User,
    quarter: int,
    status: str,
    progress: str,
    actual: Decimal | None = None,
    expected_version: int | None = None,
) -> ActivityReport:
    """The responsible unit's status of an activity in one quarter of its plan's year (a
    quarter under way or past). Reporting a quarter again corrects its report, and the
    correction is kept in the report's history; ``expected_version`` refuses a correction of
    a report saved meanwhile by someone else."""
    if not may.can_report_on(activity, user):
        raise ActionForbidden(
            _("An activity's status is reported by its responsible unit's focal points.")
        )
    # One report per quarter: reports on one activity take turns.
    activity = Activity.objects.select_for_update().select_related("plan").get(pk=activity.pk)
    if quarter not in QUARTERS:
        raise ActionBlocked(_("A quarter is 1, 2, 3 or 4."))
    if not begun(activity.plan.year, quarter, timezone.localdate()):
        raise ActionBlocked(
            _("Quarter %(quarter)s of %(year)s has not begun; report it once it is under way.")
            % {"quarter": quarter, "year": activity.plan.year}
        )
    fields: dict[str, Any] = {
        "status": status,
        "progress": progress,
        "actual": actual,
        "reported_by": user,
    }
    report = ActivityReport.objects.filter(activity=activity, quarter=quarter).first()
    if report is None:
        report = ActivityReport(activity=activity, quarter=quarter, **fields)
        validated(report, exclude=[])
        report.save()
    else:
        update_keeping_history(
            report,
            user=user,
            fields=fields,
            tracked=REPORT_TRACKED,
            check=lambda: validated(report, exclude=[]),
            expected_version=expected_version,
        )
    _replan([activity])
    return report


# --- Import ----------------------------------------------------------------------------------------


def _unit_finder() -> dict[str, OrganisationalUnit]:
    """Units by code and by their Georgian and English names, as a workbook may name them."""
    found: dict[str, OrganisationalUnit] = {}
    for unit in OrganisationalUnit.objects.all():
        for name in (unit.code, unit.name_ka, unit.name_en):
            if name:
                found.setdefault(" ".join(name.split()).casefold(), unit)
    return found


@dataclass
class _Links:
    """What an imported activity serves, found by the names its row gives."""

    commitments: list[Commitment] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)


class _LinkFinder:
    """Commitments by their name (EU-AA 14.2), needs and projects by their number (#12), read
    once for the whole workbook."""

    def __init__(self, read: ReadPlan) -> None:
        cells = [
            (name, row.values.get(name, ""))
            for section in read.sections
            for row in section.activities
            for name in LINK_COLUMNS
        ]
        numbers: dict[str, set[int]] = {"needs": set(), "projects": set()}
        for name, cell in cells:
            if name in numbers:
                entries = linked_names(cell, numbered=True)
                numbers[name].update(n for n in map(record_number, entries) if n is not None)
        self.commitments: dict[str, Commitment] = {}
        if any(cell for name, cell in cells if name == "commitments"):
            for commitment in Commitment.objects.select_related("framework"):
                self.commitments[" ".join(str(commitment).split()).casefold()] = commitment
        self.needs = Need.objects.in_bulk(numbers["needs"])
        self.projects = Project.objects.in_bulk(numbers["projects"])

    def links(self, read: ReadPlan, line: int, values: dict[str, str]) -> _Links:
        found = _Links()
        for entry in linked_names(values.get("commitments", "")):
            commitment = self.commitments.get(entry.casefold())
            if commitment is None:
                read.refuse(line, _("no commitment is called “%(name)s”.") % {"name": entry})
            else:
                found.commitments.append(commitment)
        found.needs = _numbered(
            read,
            line,
            values.get("needs", ""),
            self.needs,
            _("“%(entry)s” is no need's number (#12)."),
        )
        found.projects = _numbered(
            read,
            line,
            values.get("projects", ""),
            self.projects,
            _("“%(entry)s” is no project's number (#12)."),
        )
        return found


Numbered = TypeVar("Numbered")


def _numbered(
    read: ReadPlan, line: int, cell: str, records: dict[int, Numbered], refusal: str
) -> list[Numbered]:
    """The records a link cell names by number (#12 …); a refusal for each entry naming none."""
    found = []
    for entry in linked_names(cell, numbered=True):
        record = records.get(record_number(entry) or 0)
        if record is None:
            read.refuse(line, refusal % {"entry": entry})
        else:
            found.append(record)
    return found


def _imported_activities(
    read: ReadPlan, plan: ActionPlan, default_unit: OrganisationalUnit | None
) -> list[tuple[int, Activity, _Links]]:
    """Each activity read, as an unsaved row checked by the model, with what it serves; a
    refusal for each one wrong (the unit unknown, the target no number, a link to nothing...)."""
    units = _unit_finder()
    finder = _LinkFinder(read)
    made = []
    for read_section in read.sections:
        section = PlanSection(plan=plan, number=read_section.number, title=read_section.title)
        try:
            validated(section, exclude=["plan"])
        except ActionBlocked as refusal:
            for reason in refusal.messages:
                read.refuse(read_section.line, reason)
        for row in read_section.activities:
            values = dict(row.values)
            links = finder.links(read, row.line, values)
            named = values.pop("responsible_unit", "")
            unit = units.get(" ".join(named.split()).casefold()) if named else default_unit
            if unit is None:
                read.refuse(
                    row.line,
                    _("no unit is called “%(unit)s”.") % {"unit": named}
                    if named
                    else _("name the responsible unit."),
                )
                continue
            target_text = values.pop("target", "")
            target = target_from(target_text) if target_text else None
            if target_text and target is None:
                reason = (
                    _("the target “%(value)s” is too large to keep.")
                    if reads_as_number(target_text)
                    else _("the target “%(value)s” is no number.")
                )
                read.refuse(row.line, reason % {"value": target_text})
            deadline_text = values.pop("deadline", "")
            deadline = day_from(deadline_text) if deadline_text else None
            if deadline_text and deadline is None:
                read.refuse(
                    row.line,
                    _("the deadline date “%(value)s” is no date (31.12.2027).")
                    % {"value": deadline_text},
                )
            activity = Activity(
                plan=plan,
                number=row.number,
                responsible_unit=unit,
                target=target,
                deadline=deadline,
                **{name: values.get(name, "") for name in _IMPORTED_TEXT},
            )
            try:
                validated(activity, exclude=["plan", "section", "next_report_at"])
            except ActionBlocked as refusal:
                for reason in refusal.messages:
                    read.refuse(row.line, reason)
            made.append((row.line, activity, links))
    return made


_IMPORTED_TEXT = ("text", "indicator", "deadline_text", "others_involved", "comments")


def _title_for_year(title: str, year: int) -> str:
    """A workbook's title for the plan's year: „სამოქმედო გეგმა 2017“ imported as the 2027
    plan is called „სამოქმედო გეგმა 2027“, as a copy is. A title naming no year, or several,
    is kept as written."""
    named = years_named(title)
    if len(named) != 1:
        return title
    return _years_moved(title, named.pop(), year)


@transaction.atomic
def plan_import(
    *,
    user: User,
    fields: PlanFields,
    rows: Sequence[SheetRow],
    default_unit: OrganisationalUnit | None = None,
) -> ActionPlan:
    """A new plan from a workbook in the printed layout (``actionplans.layout``): numbered
    headings become sections, the activities under them its activities. An activity's
    responsible unit is the one its row names, else ``default_unit``, else the plan's unit.
    Without a title given, the plan takes the workbook's (the line above its first heading).
    Every row that is wrong is refused with its row number, and then nothing is saved."""
    plan = ActionPlan(created_by=user, **fields)
    _refuse_unless_keeps(plan.unit_id, user)
    read = read_plan(rows)
    if not (plan.title or "").strip():
        plan.title = _title_for_year(read.title, plan.year)
    _checked_plan(plan)
    activities = _imported_activities(read, plan, default_unit or plan.unit)
    if read.refusals:
        raise ActionBlocked(*read.refusals)
    plan.save()
    sections: dict[int, PlanSection] = {}
    for position, read_section in enumerate(read.sections):
        sections[id(read_section)] = PlanSection.objects.create(
            plan=plan, number=read_section.number, title=read_section.title, position=position
        )
    by_line = {
        row.line: sections[id(read_section)]
        for read_section in read.sections
        for row in read_section.activities
    }
    made = []
    for position, (line, activity, links) in enumerate(activities):
        activity.plan = plan
        activity.section = by_line[line]
        activity.position = position
        activity.save()
        _link(activity, links.commitments, links.needs, links.projects)
        made.append(activity)
    _renumber(plan)
    _replan(made, fresh=True)
    return plan
