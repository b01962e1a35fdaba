"""A commitment's status reports, which are obligations of the commitment.

Every commitment has one status-report obligation (kind ``STATUS_REPORT``) that recurs at the
commitment's reporting periodicity, is owed by its responsible unit and is first due at the end
of the period running when it is recorded. So it is chased, escalated, handed in, accepted,
returned and waived exactly as any obligation, by the same sweeps and the same lifecycle runner.
What a status report adds rides on the submission — the unit's assessment of the commitment
and a value per indicator — and becomes the commitment's status and the indicators' actuals
for the period when the department accepts it.

Commitments sit below this app, so ``commitments.services`` cannot start the obligation
itself: ``status_report_keep_in_step`` is registered with it when the app starts
(``projects.lifecycle.register``) and runs inside every commitment's creation and edit.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, Indicator, IndicatorValue
from commitments.permissions import can_report_on
from core.errors import ActionBlocked, ActionForbidden, StateConflict
from core.history import update_keeping_history
from core.lifecycle import Move, transition_run
from core.models import User
from core.validation import validated
from projects.models import Obligation, ObligationLog, ObligationSubmission
from projects.models.obligation import ReportedIndicatorValue
from projects.recurrence import MONTHS

# How the department can decide on a report handed in.
DECISIONS = ("accept", "return_for_revision", "waive")


def period_end(day: datetime.date, periodicity: str) -> datetime.date:
    """The last day of the reporting period ``day`` falls in; periods follow the calendar year
    (quarters end on 31 March, 30 June, 30 September and 31 December)."""
    months = MONTHS[periodicity]
    last_month = ((day.month - 1) // months + 1) * months
    return datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def status_reports(commitment: Commitment) -> QuerySet[Obligation]:
    return Obligation.objects.filter(commitment=commitment, kind=Obligation.Kind.STATUS_REPORT)


def status_report_due(commitment: Commitment) -> Obligation | None:
    """The commitment's status report not yet settled (due, handed in, or returned), if any."""
    return (
        status_reports(commitment)
        .exclude(state__in=Obligation.SETTLED)
        .order_by("due_date", "id")
        .first()
    )


def _description(commitment: Commitment) -> str:
    text = " ".join(commitment.text_ka.split())
    return f"{commitment}: {text[:300]}"


def _status_report_open(commitment: Commitment, user: User) -> Obligation:
    due = period_end(timezone.localdate(), commitment.reporting)
    obligation = Obligation(
        commitment=commitment,
        kind=Obligation.Kind.STATUS_REPORT,
        description=_description(commitment),
        responsible_unit=commitment.responsible_unit,
        due_date=due,
        recurrence=commitment.reporting,
        # Periods end on a month's last day: a series anchored on the 31st keeps to it.
        anchor_day=31,
        created_by=user,
    )
    validated(obligation, exclude=["project", "commitment", "created_by"])
    obligation.plan_chasing(obligation.state)
    obligation.save()
    return obligation


def _status_report_follow(obligation: Obligation, commitment: Commitment, user: User) -> None:
    """The open status report takes the commitment's unit and periodicity; one still due (not
    handed in or being revised) falls due at the end of the period under the new periodicity."""

    def check() -> None:
        if obligation.state == Obligation.State.OPEN:
            obligation.due_date = period_end(timezone.localdate(), obligation.recurrence)
            obligation.anchor_day = 31
        obligation.plan_chasing(obligation.state)

    update_keeping_history(
        obligation,
        user=user,
        fields={
            "responsible_unit": commitment.responsible_unit,
            "recurrence": commitment.reporting,
        },
        tracked=("responsible_unit", "due_date", "recurrence"),
        check=check,
    )


def _status_report_end(report: Obligation, user: User) -> None:
    """A commitment marked done owes no more reports: the one the unit still owes is waived
    (a report already handed in waits for the department's decision)."""
    if report.state not in Obligation.WAITING_ON_UNIT:
        return
    try:
        transition_run(
            report,
            user=user,
            name="waive",
            comment=_("The commitment is done; no further status report is owed."),
        )
    except ActionForbidden as refusal:
        raise ActionForbidden(
            _(
                "Only the department marks a commitment done, since its open status report "
                "is waived with it."
            )
        ) from refusal


def status_report_keep_in_step(commitment: Commitment, user: User, changed: set[str]) -> None:
    """Registered with ``commitments.services``: a new commitment gets its status report; a
    change of the reporting periodicity or the responsible unit carries over to the report not
    yet settled (or opens one, when the last was waived). A commitment marked done owes no
    further report; one taken back from done owes them again."""
    open_report = status_report_due(commitment)
    if commitment.status == Commitment.Status.DONE:
        if "status" in changed and open_report is not None:
            _status_report_end(open_report, user)
        return
    reopened = "status" in changed and open_report is None
    if not ({"reporting", "responsible_unit"} & changed or reopened):
        return
    if open_report is None:
        _status_report_open(commitment, user)
    else:
        _status_report_follow(open_report, commitment, user)


# --- Handing in a status report ----------------------------------------------------------


def _number(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


_YES = {"1", "yes", "true", "კი", "დიახ"}
_NO = {"0", "no", "false", "არა"}


def _claimed(indicator: Indicator, raw: Any) -> tuple[ReportedIndicatorValue | None, str | None]:
    """The value a report claims for ``indicator``, or why it cannot be taken."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    claimed = ReportedIndicatorValue(indicator=indicator)
    if indicator.measure == Indicator.Measure.TEXT:
        claimed.text = str(raw).strip()
    elif indicator.measure == Indicator.Measure.YES_NO:
        word = str(int(raw) if isinstance(raw, bool | int | Decimal) else raw).strip().casefold()
        if word not in _YES | _NO:
            return None, _("“%(name)s” takes yes or no.") % {"name": indicator.name}
        claimed.value = Decimal(1 if word in _YES else 0)
    else:
        value = _number(raw)
        if value is None:
            return None, _("“%(name)s” takes a number.") % {"name": indicator.name}
        problem = indicator.value_problem(value)
        if problem:
            return None, f"{indicator.name} — {problem}"
        claimed.value = value
    return claimed, None


def _claimed_values(
    commitment: Commitment, values: Mapping[Any, Any]
) -> tuple[dict[int, ReportedIndicatorValue], list[str]]:
    indicators = {indicator.pk: indicator for indicator in commitment.indicators.all()}
    claimed: dict[int, ReportedIndicatorValue] = {}
    problems: list[str] = []
    for key, raw in values.items():
        try:
            pk = int(key.pk if isinstance(key, Indicator) else key)
        except (TypeError, ValueError):
            pk = -1
        if pk not in indicators:
            problems.append(
                _("Indicator %(id)s is not an indicator of this commitment.") % {"id": key}
            )
            continue
        row, problem = _claimed(indicators[pk], raw)
        if problem:
            problems.append(problem)
        elif row is not None:
            try:
                validated(row, exclude=["submission"])
            except ActionBlocked as refused:
                problems += [f"{indicators[pk].name} — {m}" for m in refused.messages]
                continue
            claimed[pk] = row
    return claimed, problems


@transaction.atomic
def commitment_report_submit(
    *,
    commitment: Commitment,
    user: User,
    report: str,
    assessment: str,
    values: Mapping[Any, Decimal | str] | None = None,
    uploads: Sequence[UploadedFile[bytes]] = (),
    expected_version: int | None = None,
) -> ObligationSubmission:
    """Hand in the commitment's status report now due: the narrative, the unit's assessment
    (on track, at risk, off track, done) and a value for any of its indicators. It is the
    ``submit`` of the commitment's status-report obligation, run by the lifecycle runner;
    ``expected_version`` is the obligation's version the person saw. Refused: someone who does
    not report on the commitment (ActionForbidden), no report due now (StateConflict), and
    everything missing or wrong at once (ActionBlocked)."""
    if not can_report_on(commitment, user):
        raise ActionForbidden(
            _(
                "Commitments are reported on by the responsible unit's focal points and the department."
            )
        )
    obligation = status_report_due(commitment)
    if obligation is None or obligation.state not in Obligation.WAITING_ON_UNIT:
        if obligation is not None:
            raise StateConflict(
                _("The last status report waits for the department's decision; nothing is due now.")
            )
        raise StateConflict(_("No status report is due on this commitment now."))
    problems: list[str] = []
    if not report.strip():
        problems.append(_("Write the report before submitting it."))
    if assessment not in Commitment.ASSESSMENTS:
        problems.append(_("Say how the commitment stands: on track, at risk, off track or done."))
    claimed, value_problems = _claimed_values(commitment, values or {})
    problems += value_problems
    if problems:
        raise ActionBlocked(*problems)
    transition_run(
        obligation,
        user=user,
        name="submit",
        inputs={
            "report": report,
            "uploads": list(uploads),
            "assessment": assessment,
            "indicator_values": list(claimed.values()),
        },
        expected_version=expected_version,
    )
    return obligation.submissions.order_by("-submitted_at", "-id")[0]


def status_report_claims(move: Move) -> tuple[str, list[ReportedIndicatorValue]]:
    """What a ``submit`` claims of a commitment, for ``submission_keep`` to store with the
    submission: the assessment, required of a status report, and the indicator values (unsaved).
    Neither is taken on any other obligation."""
    obligation: Obligation = move.item
    assessment = move.inputs.get("assessment", "")
    claimed: list[ReportedIndicatorValue] = list(move.inputs.get("indicator_values", []))
    if not obligation.is_status_report:
        if assessment or claimed:
            raise ActionBlocked(
                _("Only a commitment's status report carries an assessment and indicator values.")
            )
        return "", []
    if assessment not in Commitment.ASSESSMENTS:
        raise ActionBlocked(
            _("Say how the commitment stands: on track, at risk, off track or done.")
        )
    for row in claimed:
        if row.indicator.commitment_id != obligation.commitment_id:
            raise ActionBlocked(
                _("Indicator %(id)s is not an indicator of this commitment.")
                % {"id": row.indicator_id}
            )
    return assessment, claimed


def status_report_accepted(move: Move) -> None:
    """After ``accept`` of a status report: the commitment's status becomes the accepted
    assessment (kept in its history, by the person who accepted) and each value reported
    becomes the indicator's actual for the period — the due date the report answered —
    reported by the person who handed it in. A commitment marked done while the report
    waited stays done."""
    obligation: Obligation = move.item
    if not obligation.is_status_report:
        return
    answered = move.before["due_date"]
    submission = (
        obligation.submissions.filter(due_date=answered)
        .prefetch_related("indicator_values")
        .order_by("-submitted_at", "-id")
        .first()
    )
    if submission is None:
        return
    commitment = Commitment.objects.get(obligations=obligation)
    # A commitment marked done meanwhile stays done: taking it back is an edit of its own.
    if submission.assessment and commitment.status != Commitment.Status.DONE:
        update_keeping_history(
            commitment,
            user=move.user,
            fields={"status": submission.assessment},
            tracked=("status",),
            check=lambda: None,
        )
    for claimed in submission.indicator_values.all():
        IndicatorValue.objects.update_or_create(
            indicator_id=claimed.indicator_id,
            period_end=answered,
            defaults={
                "value": claimed.value,
                "text": claimed.text,
                "reported_by_id": submission.submitted_by_id,
            },
        )


# --- Reading the reports -----------------------------------------------------------------


@dataclass(frozen=True)
class HandedInReport:
    """A status report handed in, and how the department decided on it (None: waiting)."""

    submission: ObligationSubmission
    decision: ObligationLog | None


def reports_handed_in(commitment: Commitment) -> list[HandedInReport]:
    """The commitment's status reports, newest first, each with its assessment, values, who
    handed it in and when, and the department's decision (accept, return or waive) on it: the
    first such move of its obligation for the same due date after it came in."""
    submissions = list(
        ObligationSubmission.objects.filter(
            obligation__commitment=commitment, obligation__kind=Obligation.Kind.STATUS_REPORT
        )
        .select_related("submitted_by")
        .prefetch_related(
            Prefetch(
                "indicator_values",
                queryset=ReportedIndicatorValue.objects.select_related("indicator").order_by(
                    "indicator__position", "indicator_id"
                ),
            ),
            "documents",
        )
        .order_by("-submitted_at", "-id")
    )
    decisions = list(
        ObligationLog.objects.filter(
            obligation__commitment=commitment,
            obligation__kind=Obligation.Kind.STATUS_REPORT,
            transition__in=DECISIONS,
        )
        .select_related("actor")
        .order_by("at", "id")
    )

    def decided(submission: ObligationSubmission) -> ObligationLog | None:
        return next(
            (
                log
                for log in decisions
                if log.obligation_id == submission.obligation_id
                and log.due_date == submission.due_date
                and log.at >= submission.submitted_at
            ),
            None,
        )

    return [HandedInReport(submission, decided(submission)) for submission in submissions]
