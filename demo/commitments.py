"""The demo commitments through the real services: recorded with their indicators, reported on
period by period (accepted, one waiting for the department, one returned, one overdue), the
reports owed to treaty bodies, donors' priorities, and what serves each commitment.

Idempotent: a commitment whose framework and reference are already recorded is left as it is,
and so are its reports; donors with priorities keep theirs.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import cast

from commitments.models import Commitment, Framework, Indicator
from commitments.services import (
    CommitmentFields,
    IndicatorData,
    PriorityData,
    commitment_create,
    donor_priorities_set,
)
from core.models import Donor, OrganisationalUnit, User
from core.roles import Role
from demo.commitment_data import (
    ACCEPTED,
    COMMITMENTS,
    DONOR_PRIORITIES,
    NATIONAL_REPORTS,
    PROJECT_SECTORS,
    RETURNED,
    SERVING_KPIS,
    CommitmentSeed,
    IndicatorSeed,
    ReportSeed,
    YearDate,
)
from demo.diary import Action, Diary
from projects.models import Project
from projects.recurrence import MONTHS, add_months
from projects.services.commitment_reports import (
    commitment_report_submit,
    period_end,
    status_report_due,
)
from projects.services.obligations import (
    obligation_create,
    obligation_transition,
    obligation_update,
)
from projects.services.projects import IndicatorData as IndicatorRow
from projects.services.projects import ProjectParts, ResultData, project_update
from workflow.services.opportunities import KpiData

# The commitments were recorded before the year the demo lives (the opportunities of its first
# months already serve them), or earlier still when their first report the seed gives is older.
RECORDED_DAYS_AGO = 375


def _day(year: int, when: YearDate) -> datetime.date:
    years, month, day = when
    return datetime.date(year + years, month, day)


def _amount(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _indicator(seed: IndicatorSeed, year: int) -> IndicatorData:
    return {
        "name": seed.name,
        "measure": seed.measure,
        "baseline": _amount(seed.baseline),
        "baseline_text": seed.baseline_text,
        "baseline_date": datetime.date(year + seed.starts, 1, 1),
        "target": _amount(seed.target),
        "target_text": seed.target_text,
        "target_date": _day(year, seed.ends),
    }


def _periods_back(today: datetime.date, reporting: str, periods: int) -> datetime.date:
    """The end of the reporting period ``periods`` before the one running today."""
    return add_months(period_end(today, reporting), -periods * MONTHS[reporting], anchor_day=31)


def reporter(unit: OrganisationalUnit, coordinator: User) -> User:
    """The unit's focal point hands its reports in; the department does for a unit without one."""
    focal_point = (
        User.objects.filter(role_assignments__role=Role.FOCAL_POINT, role_assignments__unit=unit)
        .order_by("id")
        .first()
    )
    return focal_point or coordinator


def _values(commitment: Commitment, report: ReportSeed) -> dict[int, Decimal | str]:
    indicators = list(commitment.indicators.order_by("position", "id"))
    return {
        indicator.pk: value if isinstance(value, str) else Decimal(str(value))
        for indicator, value in zip(indicators, report.values, strict=False)
        if value is not None
    }


def _first_due(seed: CommitmentSeed, today: datetime.date) -> datetime.date:
    """The due date of the first report the seed gives: the accepted reports answer the
    periods before the one owed now."""
    accepted = sum(1 for report in seed.reports if report.outcome == ACCEPTED)
    return _periods_back(today, seed.reporting, accepted - seed.open_period)


def _report_history(
    key: tuple[str, str], seed: CommitmentSeed, reporter_: User, coordinator: User, diary: Diary
) -> None:
    """The reports of earlier periods, each handed in by the unit around its due date (most on
    time, some late) and decided on by the department a few days later, the last one as the
    seed says (accepted, waiting or returned). A report of the period still running is handed
    in early, before the load day."""
    first_due = _first_due(seed, diary.today)
    decided = first_due - datetime.timedelta(days=60)
    for period, report in enumerate(seed.reports):
        due = add_months(first_due, period * MONTHS[seed.reporting], anchor_day=31)
        if diary.random.random() < 0.3:
            handed_in = diary.later(due, 3, 25)
        else:
            early = datetime.timedelta(days=diary.random.randint(1, 7))
            handed_in = diary.working_day(min(due, diary.last_day()) - early, before=True)
        handed_in = max(handed_in, decided + datetime.timedelta(days=1))
        diary.on(handed_in, _hand_in(key, reporter_, report), hour=15)
        if report.outcome == ACCEPTED:
            decision, comment = "accept", ""
        elif report.outcome == RETURNED:
            decision, comment = "return_for_revision", report.comment
        else:
            continue  # waits for the department
        decided = diary.later(handed_in, 2, 10)
        diary.on(decided, _decide(key, coordinator, decision, comment), hour=16)


def _recorded(key: tuple[str, str]) -> Commitment:
    return Commitment.objects.get(framework__code=key[0], reference=key[1])


def _hand_in(key: tuple[str, str], user: User, report: ReportSeed) -> Action:
    def hand_in() -> None:
        commitment = _recorded(key)
        commitment_report_submit(
            commitment=commitment,
            user=user,
            report=report.text,
            assessment=report.assessment,
            values=_values(commitment, report),
        )

    return hand_in


def _decide(key: tuple[str, str], coordinator: User, decision: str, comment: str) -> Action:
    def decide() -> None:
        handed_in = status_report_due(_recorded(key))
        assert handed_in is not None
        obligation_transition(
            obligation=handed_in, user=coordinator, name=decision, comment=comment
        )

    return decide


def _record(
    seed: CommitmentSeed,
    framework: Framework,
    units: dict[str, OrganisationalUnit],
    coordinator: User,
    diary: Diary,
) -> Action:
    today = diary.today

    def record() -> None:
        fields: CommitmentFields = {
            "framework": framework,
            "reference": seed.reference,
            "text_ka": seed.text_ka,
            "text_en": seed.text_en,
            "responsible_unit": units[seed.unit],
            "supporting_units": [units[code] for code in seed.supporting],
            "partner_agencies": seed.partners,
            "deadline": _day(today.year, seed.deadline) if seed.deadline else None,
            "reporting": seed.reporting,
        }
        commitment = commitment_create(
            user=coordinator,
            fields=fields,
            indicators=[_indicator(indicator, today.year) for indicator in seed.indicators],
        )
        # Reporting starts with the first period the seed gives.
        obligation = status_report_due(commitment)
        assert obligation is not None  # every commitment has its status report
        first_due = _first_due(seed, today)
        if obligation.due_date != first_due:
            obligation_update(
                obligation=obligation, user=coordinator, fields={"due_date": first_due}
            )

    return record


def _national_reports(
    commitments: dict[tuple[str, str], Commitment],
    units: dict[str, OrganisationalUnit],
    coordinator: User,
    today: datetime.date,
) -> None:
    for framework, reference, kind, description, unit, days, recurrence in NATIONAL_REPORTS:
        commitment = commitments[(framework, reference)]
        if commitment.obligations.filter(kind=kind).exists():
            continue
        obligation_create(
            commitment=commitment,
            user=coordinator,
            fields={
                "kind": kind,
                "description": description,
                "responsible_unit": units[unit],
                "due_date": today + datetime.timedelta(days=days),
                "recurrence": recurrence,
            },
        )


def _donor_priorities(donors: dict[str, Donor], coordinator: User) -> None:
    frameworks = {framework.code: framework for framework in Framework.objects.all()}
    for code, areas in DONOR_PRIORITIES.items():
        donor = donors[code]
        if donor.priorities.exists():
            continue
        priorities: list[PriorityData] = []
        for kind, value in areas:
            if kind == "framework":
                priorities.append({"framework": frameworks[value]})
            elif kind == "sector":
                priorities.append({"sector": value})
            else:
                priorities.append({"theme": value})
        donor_priorities_set(donor=donor, user=coordinator, priorities=priorities)


def demo_commitments() -> dict[tuple[str, str], Commitment]:
    """The demo's commitments by (framework code, reference)."""
    references = {(seed.framework, seed.reference) for seed in COMMITMENTS}
    found = Commitment.objects.select_related("framework").filter(
        reference__in={reference for _, reference in references}
    )
    return {
        (c.framework.code, c.reference): c
        for c in found
        if (c.framework.code, c.reference) in references
    }


def load_commitments(
    *,
    units: dict[str, OrganisationalUnit],
    donors: dict[str, Donor],
    coordinator: User,
    diary: Diary,
) -> str:
    """Write in the diary the recording of the commitments not yet recorded (before the year the
    demo lives, so the opportunities can serve them) and their reports; the treaty reports and
    donors' priorities are recorded now. Say how many there are."""
    frameworks = {framework.code: framework for framework in Framework.objects.all()}
    existing = demo_commitments()
    created = 0
    for seed in COMMITMENTS:
        if (seed.framework, seed.reference) in existing:
            continue
        first_due = _first_due(seed, diary.today)
        recorded = min(first_due - datetime.timedelta(days=90), diary.ago(RECORDED_DAYS_AGO))
        diary.on(
            recorded, _record(seed, frameworks[seed.framework], units, coordinator, diary), hour=9
        )
        key = (seed.framework, seed.reference)
        unit = units[seed.unit]
        _report_history(key, seed, reporter(unit, coordinator), coordinator, diary)
        created += 1
    return f"{created} commitments to record, {len(existing)} already present."


def load_treaty_reports_and_priorities(
    *,
    units: dict[str, OrganisationalUnit],
    donors: dict[str, Donor],
    coordinator: User,
    today: datetime.date,
) -> None:
    """The reports owed to treaty bodies and the donors' priorities, recorded now."""
    _national_reports(demo_commitments(), units, coordinator, today)
    _donor_priorities(donors, coordinator)


def serving_kpis(title: str) -> list[KpiData]:
    """The KPIs an opportunity adds to serve commitment indicators (none for most)."""
    wanted = SERVING_KPIS.get(title, [])
    if not wanted:
        return []
    commitments = demo_commitments()
    kpis: list[KpiData] = []
    for name, unit, baseline, target, (framework, reference, position) in wanted:
        commitment = commitments.get((framework, reference))
        served: Indicator | None = (
            commitment.indicators.order_by("position", "id")[position] if commitment else None
        )
        kpis.append(
            {
                "name": name,
                "unit": unit,
                "baseline": _amount(baseline),
                "target": Decimal(str(target)),
                "serves": served,
            }
        )
    return kpis


def _results_serving(project: Project) -> list[ResultData] | None:
    """The project's results with each indicator copied from a KPI serving what that KPI
    served; None when there is nothing to add."""
    assert project.opportunity is not None
    serves = {kpi.name: kpi.serves for kpi in project.opportunity.kpis.all() if kpi.serves_id}
    results = list(project.results.all())
    indicators = [indicator for result in results for indicator in result.indicators.all()]
    if not any(i.serves_id is None and i.title in serves for i in indicators):
        return None
    return [
        {
            "title": result.title,
            "description": result.description,
            "indicators": [
                cast(
                    IndicatorRow,
                    {
                        "title": indicator.title,
                        "measure": indicator.measure,
                        "baseline": indicator.baseline,
                        "target": indicator.target,
                        "serves": indicator.serves or serves.get(indicator.title),
                    },
                )
                for indicator in result.indicators.all()
            ],
        }
        for result in results
    ]


def link_projects(*, coordinator: User) -> str:
    """Projects that grew out of opportunities take their DAC sectors, and their indicators
    serve the commitment indicators the opportunity's KPIs served."""
    projects = (
        Project.objects.filter(opportunity__isnull=False)
        .select_related("opportunity")
        .prefetch_related("sectors", "results__indicators", "opportunity__kpis")
    )
    linked = 0
    for project in projects:
        assert project.opportunity is not None
        parts: ProjectParts = {}
        sectors = PROJECT_SECTORS.get(project.opportunity.title, [])
        if sectors and not project.sectors.all():
            parts["sectors"] = [{"code": code} for code in sectors]
        results = _results_serving(project)
        if results is not None:
            parts["results"] = results
        if parts:
            project_update(project=project, user=coordinator, fields={}, parts=parts)
            linked += 1
    return f"{linked} projects linked to sectors and commitment indicators."
