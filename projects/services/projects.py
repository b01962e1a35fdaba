"""Project register entries: entered directly, or carried over from an opportunity."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypedDict, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.codelists import ActivityStatus
from core.errors import ActionBlocked, ActionForbidden
from core.history import plain, update_keeping_history
from core.models import Donor, OrganisationalUnit, User
from core.validation import validated
from core.versions import edit_begins, save_new_version
from projects import iati_rules
from projects import permissions as may
from projects.models import (
    Area,
    BudgetLine,
    ProgressActual,
    Project,
    ProjectParticipant,
    ProjectResult,
    ProjectSector,
    ResultIndicator,
)
from projects.recurrence import MONTHS, add_months
from workflow.models import Opportunity

_Row = TypeVar("_Row", ProjectParticipant, ProjectSector, BudgetLine)


class ProjectFields(TypedDict, total=False):
    title_ka: str
    title_en: str
    iati_identifier: str
    status: str
    planned_start: datetime.date | None
    planned_end: datetime.date | None
    actual_start: datetime.date | None
    actual_end: datetime.date | None
    goal: str
    components: str
    expected_results: str
    report_periodicity: str
    next_report_due: datetime.date | None
    is_public: bool
    public_fields: list[str]


class ParticipantData(TypedDict, total=False):
    role: str
    donor: Donor | None
    unit: OrganisationalUnit | None
    name: str


class BudgetData(TypedDict, total=False):
    kind: str
    amount: Decimal
    currency: str
    period_start: datetime.date | None
    period_end: datetime.date | None


class IndicatorData(TypedDict, total=False):
    title: str
    measure: str
    baseline: Decimal | None
    target: Decimal | None


class ResultData(TypedDict, total=False):
    title: str
    description: str
    indicators: list[IndicatorData]


class SectorData(TypedDict, total=False):
    code: str
    percentage: Decimal | None


class ProjectParts(TypedDict, total=False):
    """The repeating parts of an entry; a part left out is left as it is on update."""

    participants: Sequence[ParticipantData]
    sectors: Sequence[SectorData]
    budget_lines: Sequence[BudgetData]
    results: Sequence[ResultData]
    target_areas: Sequence[Area]


def _may_keep(user: User) -> None:
    if not may.can_keep_register(user):
        raise ActionForbidden(_("Only the department's coordinators keep the project register."))


def _check_fields(project: Project) -> None:
    problems = []
    unknown = set(project.public_fields) - set(dict(Project.PUBLISHABLE_FIELDS))
    if unknown:
        problems.append(
            _("These fields cannot be made public: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    for start, end in (
        (project.planned_start, project.planned_end),
        (project.actual_start, project.actual_end),
    ):
        if start and end and end < start:
            problems.append(_("An end date cannot come before its start date."))
    if problems:
        raise ActionBlocked(*problems)
    validated(project, exclude=["created_by", "opportunity"])


def _check_actual_dates(project: Project, names: Iterable[str]) -> None:
    """An actual date given is one that has come (IATI rules 11.1.4 and 11.1.5); what is still
    to come is a planned date. Only the dates given are judged, so a stored one does not
    block other edits."""
    today = timezone.localdate()
    for name in {"actual_start", "actual_end"} & set(names):
        value = getattr(project, name)
        if value is not None and value > today:
            raise ActionBlocked(
                _(
                    "An actual start or end date cannot be later than today; until then, enter it as planned."
                )
            )


def _check_published_sectors(
    project: Project, *, parts: ProjectParts, fields: ProjectFields
) -> None:
    """Several sectors without shares may be kept, but not published: IATI needs each share
    (rule 2.1.1). Judged when the sectors or what is published change."""
    if not project.shows("sectors") or not (
        "sectors" in parts or {"is_public", "public_fields"} & set(fields)
    ):
        return
    problem = iati_rules.sector_shares_problem(
        # Read from the database: the instance given may hold prefetched rows.
        list(ProjectSector.objects.filter(project=project).values_list("percentage", flat=True)),
        published=True,
    )
    if problem:
        raise ActionBlocked(problem)


def _replace_parts(project: Project, parts: ProjectParts) -> None:
    """Rewrite each repeating part that was given; each row is validated before it is written."""
    if "participants" in parts:
        _rewrite_rows(project.participants, ProjectParticipant, project, parts["participants"])
    if "sectors" in parts:
        codes = [s["code"] for s in parts["sectors"]]
        if len(codes) != len(set(codes)):
            raise ActionBlocked(_("Each sector may be listed once."))
        problem = iati_rules.sector_shares_problem(
            [s.get("percentage") for s in parts["sectors"]], published=False
        )
        if problem:
            raise ActionBlocked(problem)
        _rewrite_rows(project.sectors, ProjectSector, project, parts["sectors"])
    if "budget_lines" in parts:
        _rewrite_rows(
            project.budget_lines,
            BudgetLine,
            project,
            parts["budget_lines"],
            problem=lambda line: iati_rules.budget_period_problem(
                line.period_start, line.period_end
            ),
        )
    if "results" in parts:
        _replace_results(project, parts["results"])
    if "target_areas" in parts:
        project.target_areas.set(parts["target_areas"])


def _rewrite_rows(
    rows: Any,
    model: type[_Row],
    project: Project,
    given: Iterable[Mapping[str, Any]],
    problem: Callable[[_Row], str | None] = lambda row: None,
) -> None:
    """Replace the project's ``rows`` by the ``given`` ones; each is refused with what
    ``problem`` finds wrong with it, validated, then written."""
    rows.all().delete()
    for data in given:
        row = model(project=project, **data)
        found = problem(row)
        if found:
            raise ActionBlocked(found)
        validated(row, exclude=["project"])
        row.save()


def _replace_results(project: Project, results: Sequence[ResultData]) -> None:
    """Results and their indicators are matched by position, so what was reported against an
    indicator stays with it when its wording is edited."""
    existing = list(project.results.all())
    for position, result_data in enumerate(results):
        result = existing[position] if position < len(existing) else ProjectResult(project=project)
        result.position = position
        result.title = result_data.get("title", "")
        result.description = result_data.get("description", "")
        validated(result, exclude=["project"])
        result.save()
        indicators = list(result.indicators.all())
        given = result_data.get("indicators", [])
        for index, indicator_data in enumerate(given):
            indicator = indicators[index] if index < len(indicators) else ResultIndicator()
            indicator.result = result
            for name, value in indicator_data.items():
                setattr(indicator, name, value)
            problem = iati_rules.indicator_values_problem(
                measure=indicator.measure, baseline=indicator.baseline, target=indicator.target
            )
            if problem:
                raise ActionBlocked(f"{indicator.title} — {problem}")
            validated(indicator, exclude=["result"])
            indicator.save()
        for dropped in indicators[len(given) :]:
            _drop_indicator(dropped)
    for dropped_result in existing[len(results) :]:
        for dropped in dropped_result.indicators.all():
            _drop_indicator(dropped)
        dropped_result.delete()


def _drop_indicator(indicator: ResultIndicator) -> None:
    if indicator.actuals.exists() or ProgressActual.objects.filter(indicator=indicator).exists():
        raise ActionBlocked(
            _("The indicator “%(title)s” has reported values and cannot be removed.")
            % {"title": indicator.title}
        )
    indicator.delete()


def _number(value: Decimal | None) -> str:
    """A figure as people write it, without the zeros the column pads it with: 100, 33.5."""
    return "—" if value is None else f"{value.normalize():f}"


def _parts_snapshot(project: Project) -> dict[str, Any]:
    """The rows hanging off a project, as its edit history keeps them: a row a dict of what
    it says, which the history shows field by field in the reader's language (a sector's
    code with its name, a role by its name, days as days); what a row leaves empty is left
    out rather than kept as None."""
    values: dict[str, Any] = {}
    if project.pk:
        # Read the parts from the database: the instance given may hold prefetched rows.
        stored = Project.objects.get(pk=project.pk)
        participants = stored.participants.select_related("donor", "unit")
        values["participants"] = sorted(
            ({"role": p.role, "organisation": str(p)} for p in participants),
            key=lambda row: (row["role"], row["organisation"]),
        )
        values["sectors"] = [
            {"code": s.code}
            | ({"percentage": f"{_number(s.percentage)}%"} if s.percentage is not None else {})
            for s in stored.sectors.order_by("code")
        ]
        values["budget_lines"] = [
            {
                "kind": b.kind,
                "amount": f"{b.amount} {b.currency}",
                "period_start": plain(b.period_start),
                "period_end": plain(b.period_end),
            }
            for b in stored.budget_lines.all()
        ]
        values["results"] = [
            {"title": r.title, "indicators": [_indicator_row(i) for i in r.indicators.all()]}
            for r in stored.results.prefetch_related("indicators")
        ]
        values["target_areas"] = sorted(str(area) for area in stored.target_areas.all())
    return values


def _indicator_row(indicator: ResultIndicator) -> str:
    """An indicator with its baseline and target, when it has them: "trained staff: 0 → 50"."""
    if indicator.baseline is None and indicator.target is None:
        return indicator.title
    return f"{indicator.title}: {_number(indicator.baseline)} → {_number(indicator.target)}"


@transaction.atomic
def project_create(
    *, user: User, fields: ProjectFields, parts: ProjectParts | None = None
) -> Project:
    """Enter a project directly (a past or ongoing one, or one that never was an opportunity)."""
    _may_keep(user)
    project = Project(created_by=user, **fields)
    _check_fields(project)
    _check_actual_dates(project, fields)
    project.plan_report_reminder()
    project.save()
    _replace_parts(project, parts or {})
    _check_published_sectors(project, parts=parts or {}, fields=fields)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    user: User,
    fields: ProjectFields,
    parts: ProjectParts | None = None,
    expected_version: int | None = None,
) -> Project:
    """Edit a register entry from what is stored now: only the fields and parts given change,
    and what changed is kept as a ProjectEdit. With ``expected_version``, an edit of an entry
    saved meanwhile by someone else is refused (VersionConflict)."""
    _may_keep(user)

    def check() -> None:
        _check_fields(project)
        _check_actual_dates(project, fields)
        if {"next_report_due", "status"} & set(fields):
            project.plan_report_reminder()

    def after_save() -> None:
        _replace_parts(project, parts or {})
        _check_published_sectors(project, parts=parts or {}, fields=fields)

    update_keeping_history(
        project,
        user=user,
        fields=dict(fields),
        tracked=ProjectFields.__annotations__,
        check=check,
        after_save=after_save,
        parts=lambda: _parts_snapshot(project),
        expected_version=expected_version,
    )
    return project


def first_report_due(start: datetime.date, periodicity: str) -> datetime.date:
    return add_months(start, MONTHS[periodicity])


def project_from_opportunity(*, opportunity: Opportunity, user: User) -> Project:
    """The register entry of an opportunity that starts monitoring, with its data carried over.

    Called by the ``start_monitoring`` transition's service inside its transaction, so the
    rule "every monitored opportunity is a project" holds for every way the move is made.
    """
    existing = Project.objects.filter(opportunity=opportunity).first()
    if existing is not None:
        return existing
    start = opportunity.funding_start_date
    project = Project(
        opportunity=opportunity,
        title_ka=opportunity.title,
        status=opportunity.iati_status(),
        planned_start=start,
        actual_start=start,
        goal=opportunity.need or opportunity.description,
        expected_results=opportunity.expected_results,
        report_periodicity=opportunity.monitoring_periodicity,
        next_report_due=first_report_due(start, opportunity.monitoring_periodicity)
        if start
        else None,
        created_by=user,
    )
    project.plan_report_reminder()
    project.save()
    participants: list[ParticipantData] = [
        {"role": ProjectParticipant.Role.FUNDING, "donor": opportunity.donor},
        {"role": ProjectParticipant.Role.IMPLEMENTING, "unit": opportunity.owning_unit},
    ]
    participants += [
        {"role": ProjectParticipant.Role.PARTNER, "unit": unit}
        for unit in opportunity.beneficiary_units.exclude(pk=opportunity.owning_unit_id)
    ]
    parts: ProjectParts = {
        "participants": participants,
        "budget_lines": [
            {
                "amount": opportunity.confirmed_amount or Decimal(0),
                "currency": opportunity.confirmed_currency or opportunity.currency,
                "period_start": start,
            }
        ],
    }
    kpis = list(opportunity.kpis.all())
    if kpis:
        parts["results"] = [
            {
                "title": _("Key performance indicators"),
                "indicators": [
                    {"title": k.name, "baseline": k.baseline, "target": k.target} for k in kpis
                ],
            }
        ]
    _replace_parts(project, parts)
    return project


def project_closed_with_opportunity(*, opportunity: Opportunity) -> None:
    """A monitored opportunity closed as completed closes its project (IATI status 4) today,
    unless the register already gives an end date."""
    project = Project.objects.filter(opportunity=opportunity).first()
    if project is None:
        return
    before = edit_begins(project)
    project.status = ActivityStatus.CLOSED
    project.actual_end = project.actual_end or timezone.localdate()
    project.plan_report_reminder()
    save_new_version(project, before=before)
