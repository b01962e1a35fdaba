"""The "what happens next" line of an item's page: the step its model names for its state
(``NEXT_STEPS``, ``core.next_steps``), whose move it is in words (the focal point of which
unit), and the date it answers to (a due date, the donor's deadline, the next report)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Activity, ActivityReport
from actionplans.quarters import quarter_of, report_due
from commitments.models import Commitment
from core.models import OrganisationalUnit
from core.next_steps import NextStep, Step, Whose
from needs.models import Need
from projects.models import Obligation, ProgressReport, Project, ProjectParticipant
from trainings.models import Training
from workflow.models import CoordinationMeeting, Opportunity


def whose_words(whose: Whose | None, unit: OrganisationalUnit | None) -> str:
    if whose is None:
        return ""
    if whose == Whose.UNIT:
        if unit is None:
            return _("focal points of the responsible units")
        return _("focal point of %(unit)s") % {"unit": unit.name}
    return str(whose.label)


def line(
    state: Any,
    step: Step,
    *,
    unit: OrganisationalUnit | None = None,
    due_label: str = "",
    due: datetime.date | None = None,
    today: datetime.date,
) -> NextStep:
    """The line for ``step``; a date is named only while a move is still to come."""
    if step.whose is None:
        due = None
    return NextStep(
        state=str(state),
        step=str(step.text),
        whose=whose_words(step.whose, unit),
        due_label=due_label if due else "",
        due=due,
        overdue=due is not None and due < today,
    )


def opportunity_step(opportunity: Opportunity, today: datetime.date) -> NextStep:
    before_approval = opportunity.state in Opportunity.BEFORE_APPROVAL
    return line(
        opportunity.get_state_display(),
        Opportunity.NEXT_STEPS[opportunity.state],
        unit=opportunity.owning_unit,
        due_label=_("donor deadline"),
        due=opportunity.application_deadline if before_approval else None,
        today=today,
    )


def obligation_step(obligation: Obligation, today: datetime.date) -> NextStep:
    waits_on_unit = obligation.state in Obligation.WAITING_ON_UNIT
    return line(
        obligation.get_state_display(),
        Obligation.NEXT_STEPS[obligation.state],
        unit=obligation.responsible_unit,
        due_label=_("due"),
        due=obligation.due_date if waits_on_unit else None,
        today=today,
    )


def _reporting_unit(project: Project) -> OrganisationalUnit | None:
    """The unit that reports the project's progress: its implementing unit, else the unit of
    the opportunity it came from (from the prefetched participants)."""
    units = [p.unit for p in project.participants.all() if p.unit is not None]
    implementing = [
        p.unit
        for p in project.participants.all()
        if p.unit is not None and p.role == ProjectParticipant.Role.IMPLEMENTING
    ]
    if implementing or units:
        return (implementing or units)[0]
    return project.opportunity.owning_unit if project.opportunity else None


def project_step(project: Project, today: datetime.date) -> NextStep:
    step = Project.NEXT_STEPS[project.status]
    awaiting = project.progress_reports.filter(state=ProgressReport.State.SUBMITTED).exists()
    if awaiting:
        step = Project.REPORT_TO_DECIDE
    reporting = project.status in Project.REPORTING_STATUSES and not awaiting
    return line(
        project.get_status_display(),
        step,
        unit=_reporting_unit(project),
        due_label=_("next progress report due"),
        due=project.next_report_due if reporting else None,
        today=today,
    )


def need_step(need: Need, today: datetime.date) -> NextStep:
    return line(
        need.get_status_display(),
        Need.NEXT_STEPS[need.status],
        unit=need.responsible_unit,
        today=today,
    )


def training_step(training: Training, today: datetime.date) -> NextStep:
    phase = Training.Phase(training.phase(today))
    return line(
        phase.label,
        Training.NEXT_STEPS[phase],
        unit=training.unit,
        due_label=_("starts"),
        due=training.start_date if phase == Training.Phase.PLANNED else None,
        today=today,
    )


def meeting_step(meeting: CoordinationMeeting, today: datetime.date) -> NextStep:
    phase = CoordinationMeeting.Phase(meeting.phase(timezone.now()))
    return line(
        phase.label,
        CoordinationMeeting.NEXT_STEPS[phase],
        due_label=_("meets"),
        due=timezone.localdate(meeting.starts_at) if phase == meeting.Phase.UPCOMING else None,
        today=today,
    )


def commitment_step(commitment: Commitment, today: datetime.date) -> NextStep:
    """The next status report's due date, when one is owed (the commitment's own status
    report obligation, still with the unit)."""
    owed = (
        Obligation.objects.filter(
            commitment=commitment,
            kind=Obligation.Kind.STATUS_REPORT,
            state__in=Obligation.WAITING_ON_UNIT,
        )
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )
    return line(
        commitment.get_status_display(),
        Commitment.NEXT_STEPS[commitment.status],
        unit=commitment.responsible_unit,
        due_label=_("next status report due"),
        due=owed,
        today=today,
    )


def plan_step(plan: ActionPlan, today: datetime.date) -> NextStep:
    """Under way until the last quarter's report is due; the report owed next is the one for
    the quarter under way (before the year begins, the first; after it, the last)."""
    if today > report_due(plan.year, 4):
        return line(_("The plan's year is over"), ActionPlan.YEAR_OVER_STEP, today=today)
    if today.year < plan.year:
        quarter = 1
    elif today.year > plan.year:
        quarter = 4
    else:
        quarter = quarter_of(today)
    return line(
        _("Not begun yet") if today.year < plan.year else _("Under way"),
        ActionPlan.REPORT_STEP,
        unit=plan.unit,
        due_label=_("quarter's status due"),
        due=report_due(plan.year, quarter),
        today=today,
    )


def activity_step(activity: Activity, today: datetime.date) -> NextStep:
    reported = activity.reported_quarters()
    latest = reported[max(reported)] if reported else None
    state = ActivityReport.Status(latest).label if latest else _("Not reported yet")
    step = ActivityReport.NEXT_STEPS[latest or ActivityReport.Status.IN_PROGRESS]
    quarter = activity.chased_quarter(today)
    return line(
        state,
        step,
        unit=activity.responsible_unit,
        due_label=_("quarter's status due"),
        due=report_due(activity.plan.year, quarter) if quarter else None,
        today=today,
    )


STEPS: dict[type[Any], Any] = {
    Opportunity: opportunity_step,
    Obligation: obligation_step,
    Project: project_step,
    Need: need_step,
    Training: training_step,
    CoordinationMeeting: meeting_step,
    Commitment: commitment_step,
    ActionPlan: plan_step,
    Activity: activity_step,
}


def next_step(item: Any, today: datetime.date | None = None) -> NextStep:
    """What comes next for any item that has a page of its own."""
    return STEPS[type(item)](item, today or timezone.localdate())
