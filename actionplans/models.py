"""The annual action plan of the department or of a unit: sections of numbered activities, each
with its indicator, deadline and the others involved, and the quarterly status of each activity
reported by its responsible unit."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.quarters import QUARTERS, begun, report_due
from core.append_only import FieldEditRecord, edited_record
from core.bounds import FIRST_YEAR, LAST_YEAR, AmountField, EnteredDateField
from core.due import due_index
from core.next_steps import Step, Whose
from core.records import EnteredRecord, person_field
from core.versions import VersionedRecord
from scheduling import policy
from scheduling.schedule import shift
from scheduling.series import Reminder, planned


def number_key(number: str) -> tuple[int, ...]:
    """``1.10.2`` as (1, 10, 2), so 1.10 comes after 1.9; an unreadable part sorts last."""
    return tuple(int(part) if part.isdigit() else 10**6 for part in number.split("."))


class ActionPlan(VersionedRecord, EnteredRecord):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    # Empty for the department's own plan.
    unit = models.ForeignKey(
        "core.OrganisationalUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    title = models.CharField(_("title"), max_length=300)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year", "unit__name_ka", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit"],
                name="action_plan_once_per_unit_and_year",
                violation_error_message=_("This unit already has a plan for this year."),
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(unit__isnull=True),
                name="department_plan_once_per_year",
                violation_error_message=_("The department already has a plan for this year."),
            ),
        ]

    # What comes next, as the plan's page says it: the units report their activities each
    # quarter of the plan's year.
    REPORT_STEP = Step(_("report each activity's status for the quarter"), Whose.UNIT)
    YEAR_OVER_STEP = Step(_("nothing more: the plan's year is over"))

    def __str__(self) -> str:
        return self.title


class PlanSection(VersionedRecord):
    """A numbered heading of a plan (``1.``, ``1.1.``); activities sit under the deepest ones.
    Its version guards a renumbering or retitling against one saved meanwhile."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=400)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_section_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Activity(VersionedRecord):
    """One numbered activity (``1.1.1``) as the plan prints it, with what it serves."""

    # What a person edits (the form, the API and the edit history all take these).
    EDITABLE_FIELDS = (
        "section",
        "number",
        "text",
        "indicator",
        "target",
        "deadline_text",
        "deadline",
        "responsible_unit",
        "others_involved",
        "comments",
        "commitments",
        "needs",
        "projects",
    )

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    section = models.ForeignKey(
        PlanSection,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("activity"))
    indicator = models.TextField(_("indicator"), blank=True)
    target = AmountField(
        _("numeric target"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Where the indicator has a number to reach."),
    )
    deadline_text = models.CharField(
        _("deadline as written"),
        max_length=200,
        blank=True,
        help_text=_("As the plan says it: “2017”, “IV quarter”, “constantly”."),
    )
    deadline = EnteredDateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The last day, for the calendar and reminders."),
    )
    responsible_unit = models.ForeignKey(
        "core.OrganisationalUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="plan_activities",
    )
    others_involved = models.TextField(_("other agency or unit"), blank=True)
    comments = models.TextField(_("comments"), blank=True)
    commitments = models.ManyToManyField(
        "commitments.Commitment",
        verbose_name=_("commitments"),
        blank=True,
        related_name="activities",
    )
    needs = models.ManyToManyField(
        "needs.Need", verbose_name=_("needs"), blank=True, related_name="activities"
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects"), blank=True, related_name="activities"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # When the sweeps next chase this activity's quarterly status; empty when nothing is owed.
    next_report_at = models.DateTimeField(_("next status reminder"), null=True, editable=False)

    class Meta:
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")
        ordering = ["position", "id"]
        indexes = [due_index("next_report_at", "activity_report_due")]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_activity_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:80]}"

    # --- The quarterly status the sweeps chase ------------------------------------------------
    #
    # Each quarter of the plan's year owes a status report, due some working days after the
    # quarter ends (``actionplans.quarters.report_due``), chased on the days of
    # ``policy.activity_report_series`` around that day. The quarter chased on a day is the
    # first one still unreported whose series has not ended: a quarter left unreported stops
    # being chased when its series ends, and the next quarter takes over.

    def reported_quarters(self) -> dict[int, str]:
        """quarter → status reported; read from ``reports`` (prefetched by the sweep)."""
        return {report.quarter: report.status for report in self.reports.all()}

    def finished(self, reported: dict[int, str] | None = None) -> bool:
        """Done or cancelled, as its latest quarter's report says."""
        reported = self.reported_quarters() if reported is None else reported
        return bool(reported) and reported[max(reported)] in ActivityReport.FINISHED

    def _quarter_reminder(self, quarter: int) -> Reminder:
        return Reminder(policy.activity_report_series(), report_due(self.plan.year, quarter))

    def chased_quarter(self, today: datetime.date) -> int | None:
        """The quarter whose status the sweeps chase on ``today``, if any."""
        reported = self.reported_quarters()
        if self.finished(reported):
            return None
        last = max(policy.activity_report_series().offsets)
        for quarter in QUARTERS:
            if quarter in reported:
                continue
            if shift(report_due(self.plan.year, quarter), last) >= today:
                return quarter
        return None

    def owes(self, quarter: int, reported: dict[int, str] | None = None) -> bool:
        """Whether the quarter's status is still to come: not reported, and the activity not
        finished (whether the quarter has begun or is chased is the callers' question)."""
        reported = self.reported_quarters() if reported is None else reported
        return quarter not in reported and not self.finished(reported)

    def quarters_owed(self, today: datetime.date) -> list[int]:
        """The quarters whose status the unit still owes on ``today``: the quarter chased, and,
        in the plan of the year under way, every begun quarter left unreported, whose chase has
        ended but which is still missing. Nothing once the activity is finished."""
        reported = self.reported_quarters()
        chased = self.chased_quarter(today)
        return [
            quarter
            for quarter in QUARTERS
            if self.owes(quarter, reported)
            and begun(self.plan.year, quarter, today)
            and (quarter == chased or self.plan.year == today.year)
        ]

    def report_reminder(self, now: datetime.datetime) -> Reminder | None:
        """The chased quarter's reminder, while the activity is not finished. Planning the due
        column and the sweep's decision both ask this."""
        quarter = self.chased_quarter(timezone.localdate(now))
        return None if quarter is None else self._quarter_reminder(quarter)

    def report_check_after(self, now: datetime.datetime) -> datetime.datetime | None:
        """Where the due column moves once the sweep has acted today: the chased quarter's next
        mark, or, when its series ends today, the first mark of the next quarter owed."""
        today = timezone.localdate(now)
        reminder = self.report_reminder(now)
        following = reminder.following(today) if reminder is not None else None
        if following is not None or reminder is None:
            return following
        tomorrow = today + datetime.timedelta(days=1)
        quarter = self.chased_quarter(tomorrow)
        return None if quarter is None else self._quarter_reminder(quarter).due_at(tomorrow)

    def plan_report_reminder(self, now: datetime.datetime | None = None) -> None:
        """Set when the sweep next looks at this activity's quarterly status."""
        now = now or timezone.now()
        self.next_report_at = planned(self.report_reminder(now), now)


class ActivityReport(VersionedRecord):
    """The status of an activity in one quarter of its plan's year, as its unit reports it."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    # An activity with one of these needs no further quarterly reports.
    FINISHED = (Status.DONE, Status.CANCELLED)

    # What comes next after each reported status, as the activity's page says it; an activity
    # not yet reported on takes the same step as one under way.
    NEXT_STEPS: dict[str, Step] = {
        Status.NOT_STARTED: Step(_("report the quarter's status"), Whose.UNIT),
        Status.IN_PROGRESS: Step(_("report the quarter's status"), Whose.UNIT),
        Status.DELAYED: Step(_("report the quarter's status"), Whose.UNIT),
        Status.DONE: Step(_("nothing more: the activity is done")),
        Status.CANCELLED: Step(_("nothing more: the activity is cancelled")),
    }

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="reports"
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    progress = models.TextField(_("what was done"))
    actual = AmountField(
        _("reached so far"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    reported_by = person_field(_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), auto_now=True)

    class Meta:
        verbose_name = _("activity status report")
        verbose_name_plural = _("activity status reports")
        ordering = ["quarter", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "quarter"],
                name="activity_report_once_per_quarter",
                violation_error_message=_("This quarter is already reported; correct that report."),
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="activity_report_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity.number} Q{self.quarter}"


class ActionPlanEdit(FieldEditRecord):
    plan = edited_record(ActionPlan, _("action plan"))

    class Meta(FieldEditRecord.Meta):
        verbose_name = _("action plan edit")
        verbose_name_plural = _("action plan edits")


class ActivityEdit(FieldEditRecord):
    activity = edited_record(Activity, _("activity"))

    class Meta(FieldEditRecord.Meta):
        verbose_name = _("plan activity edit")
        verbose_name_plural = _("plan activity edits")


class ActivityReportEdit(FieldEditRecord):
    report = edited_record(ActivityReport, _("activity status report"))

    class Meta(FieldEditRecord.Meta):
        verbose_name = _("activity status report edit")
        verbose_name_plural = _("activity status report edits")
