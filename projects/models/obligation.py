"""The obligation register: what the ministry owes a donor under each project, and its reports."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField

from commitments.models import Commitment
from core.append_only import AppendOnlyModel, FieldEditRecord, edited_record
from core.bounds import INTERVAL_DAYS_MAX, AmountField, EnteredDateField
from core.documents import StoredDocument
from core.due import due_index
from core.lifecycle import Input, StateLog, transition
from core.next_steps import Step, Whose
from core.records import EnteredRecord, person_field
from core.unique import UniqueMessages
from core.versions import VersionedRecord
from projects import permissions as may
from projects.recurrence import next_due
from scheduling import policy
from scheduling.series import Reminder, planned


class Obligation(ConcurrentTransitionMixin, VersionedRecord, EnteredRecord):
    class Kind(models.TextChoices):
        NARRATIVE_REPORT = "narrative_report", _("Narrative report to the donor")
        FINANCIAL_REPORT = "financial_report", _("Financial report")
        CO_FINANCING = "co_financing", _("Co-financing")
        PROCUREMENT = "procurement", _("Procurement")
        AUDIT = "audit", _("Audit")
        FINAL_REPORT = "final_report", _("Final report")
        SUSTAINABILITY = "sustainability", _("Sustainability commitment")
        STATUS_REPORT = "status_report", _("Commitment status report")
        NATIONAL_REPORT = "national_report", _("National report under a commitment")
        OTHER = "other", _("Other")

    class Recurrence(models.TextChoices):
        ONE_OFF = "one_off", _("One-off")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        SEMI_ANNUAL = "semi_annual", _("Every six months")
        ANNUAL = "annual", _("Annually")
        EVERY_N_DAYS = "every_n_days", _("Every N days")

    class State(models.TextChoices):
        OPEN = "open", _("Due")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")
        WAIVED = "waived", _("Waived")

    # The unit owes something now: these are chased by reminders and escalations.
    WAITING_ON_UNIT = (State.OPEN, State.RETURNED)
    # Settled: kept as they were, no longer corrected.
    SETTLED = (State.ACCEPTED, State.WAIVED)

    # What comes next in each status and whose move it is, as the obligation's page says it.
    NEXT_STEPS: dict[str, Step] = {
        State.OPEN: Step(_("submit the report"), Whose.UNIT),
        State.SUBMITTED: Step(_("accept the report or return it for revision"), Whose.DEPARTMENT),
        State.RETURNED: Step(_("correct the report and submit it again"), Whose.UNIT),
        State.ACCEPTED: Step(_("nothing more: the report is accepted")),
        State.WAIVED: Step(_("nothing more: the obligation is waived")),
    }

    # What the obligation is owed under: a project, or a commitment of the state (a national
    # report to a treaty body, a commitment's own status reports). Exactly one is set.
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    commitment = models.ForeignKey(
        "commitments.Commitment",
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"))
    responsible_unit = models.ForeignKey(
        "core.OrganisationalUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    due_date = EnteredDateField(_("due date"), db_index=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=16, choices=Recurrence.choices, default=Recurrence.ONE_OFF
    )
    every_days = models.PositiveSmallIntegerField(
        _("every how many days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(INTERVAL_DAYS_MAX)],
    )
    # The day of month the series started on, so month-end series do not drift (see recurrence).
    anchor_day = models.PositiveSmallIntegerField(editable=False, default=1)
    state = FSMField(_("status"), default=State.OPEN, choices=State.choices, db_index=True)
    # When the sweeps should next look at this row; empty when nobody needs chasing.
    next_reminder_at = models.DateTimeField(_("next reminder"), null=True, blank=True)
    next_escalation_at = models.DateTimeField(_("next escalation"), null=True, blank=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_date", "id"]
        indexes = [
            due_index("next_reminder_at", "obligation_reminder_due"),
            due_index("next_escalation_at", "obligation_escalation_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(recurrence="every_n_days")
                | models.Q(every_days__isnull=False, every_days__gte=1),
                name="obligation_every_n_days_has_days",
                violation_error_message=_("Say every how many days the obligation recurs."),
            ),
            models.CheckConstraint(
                condition=models.Q(project__isnull=False, commitment__isnull=True)
                | models.Q(project__isnull=True, commitment__isnull=False),
                name="obligation_owed_under_one",
                violation_error_message=_(
                    "An obligation is owed under a project or under a commitment, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.due_date:%d.%m.%Y}"

    @property
    def owed_under(self) -> str:
        """What the obligation is owed under, in words: the project's or the commitment's name."""
        if self.project is not None:
            return self.project.title_ka
        assert self.commitment is not None
        return str(self.commitment)

    @property
    def is_status_report(self) -> bool:
        """A commitment's own status report: it carries an assessment and indicator actuals."""
        return self.kind == self.Kind.STATUS_REPORT and self.commitment_id is not None

    def owed_no_more(self) -> bool:
        """A commitment's status report is owed no more once the commitment is done, marked so
        by hand or by the report for this due date: accepting it ends the series. Read when the
        department accepts (the move's outcome depends on it), the only read of a move's body."""
        if not self.is_status_report:
            return False
        done = Commitment.objects.filter(status=Commitment.Status.DONE)
        if done.filter(obligations=self).exists():
            return True
        handed_in = self.submissions.filter(due_date=self.due_date).order_by("-submitted_at", "-id")
        latest = handed_in.values_list("assessment", flat=True).first()
        return latest == Commitment.Status.DONE

    @property
    def is_recurring(self) -> bool:
        return self.recurrence != self.Recurrence.ONE_OFF

    def following_due_date(self) -> datetime.date | None:
        return next_due(
            self.due_date, self.recurrence, anchor_day=self.anchor_day, every_days=self.every_days
        )

    # --- Chasing rules: whether each applies now and from which date. Planning the due
    # columns and the sweeps' decisions both ask these. ``state`` is the state the obligation
    # is moving to when a transition asks (django-fsm sets it after the body), else its own.

    def due_reminder(self, now: datetime.datetime, state: str | None = None) -> Reminder | None:
        """Reminders before the due date, while the unit owes the work."""
        if (state or self.state) not in self.WAITING_ON_UNIT:
            return None
        if self.due_date < timezone.localdate(now):
            return None
        return Reminder(policy.obligation_reminder_series(), self.due_date)

    def escalation(self, now: datetime.datetime, state: str | None = None) -> Reminder | None:
        """The escalation ladder, from the first day overdue, while the unit owes the work."""
        if (state or self.state) not in self.WAITING_ON_UNIT:
            return None
        return Reminder(policy.escalation_series(), self.due_date)

    def plan_chasing(self, state: str) -> None:
        """Set when reminders and escalations fall due for ``state`` and the due date (pure)."""
        now = timezone.now()
        self.next_reminder_at = planned(self.due_reminder(now, state), now)
        self.next_escalation_at = planned(self.escalation(now, state), now)

    # --- Lifecycle: bodies stay pure; core.lifecycle.transition_run does the rest. ---------

    @transition(
        field=state,
        source=[State.OPEN, State.RETURNED],
        target=State.SUBMITTED,
        permission=may.is_responsible_focal_point_or_coordinator,
        label=_("Submit"),
        inputs=[
            Input("report", required=_("Write the report before submitting it.")),
            Input("uploads"),
            # A commitment's status report only (required of it when it is handed in).
            Input("assessment"),
            Input("indicator_values"),
        ],
    )
    def submit(self) -> None:
        self.plan_chasing(self.State.SUBMITTED)

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=RETURN_VALUE(State.OPEN, State.ACCEPTED),
        permission=may.is_coordinator,
        label=_("Accept"),
    )
    def accept(self) -> str:
        following = None if self.owed_no_more() else self.following_due_date()
        if following is None:
            self.plan_chasing(self.State.ACCEPTED)
            return self.State.ACCEPTED
        # A recurring obligation is due again: the next period opens at once.
        self.due_date = following
        self.plan_chasing(self.State.OPEN)
        return self.State.OPEN

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.RETURNED,
        permission=may.is_coordinator,
        label=_("Return for revision"),
        comment_required=True,
    )
    def return_for_revision(self) -> None:
        self.plan_chasing(self.State.RETURNED)

    @transition(
        field=state,
        source=[State.OPEN, State.SUBMITTED, State.RETURNED],
        target=State.WAIVED,
        permission=may.is_coordinator,
        label=_("Waive"),
        comment_required=True,
    )
    def waive(self) -> None:
        self.plan_chasing(self.State.WAIVED)


class ObligationSubmission(AppendOnlyModel):
    """What the unit handed in for one due date of an obligation."""

    obligation = models.ForeignKey(
        Obligation,
        verbose_name=_("obligation"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    due_date = models.DateField(_("for the due date"))
    report = models.TextField(_("report"))
    # A commitment status report's judgement of the commitment; empty for other obligations.
    assessment = models.CharField(
        _("assessment"), max_length=12, blank=True, choices=Commitment.Status.choices
    )
    submitted_by = person_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("obligation report")
        verbose_name_plural = _("obligation reports")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.obligation_id}: {self.due_date}"


class ReportedIndicatorValue(UniqueMessages, models.Model):
    """An indicator value a commitment status report claims; it becomes the indicator's actual
    for the period when the department accepts the report."""

    submission = models.ForeignKey(
        ObligationSubmission,
        verbose_name=_("obligation report"),
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    indicator = models.ForeignKey(
        "commitments.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT
    )
    value = AmountField(_("actual"), null=True, blank=True)
    text = models.CharField(_("actual (text)"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("reported indicator value")
        verbose_name_plural = _("reported indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="reported_indicator_value_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value if self.value is not None else self.text}"


class ObligationLog(StateLog):
    """Every status move of an obligation: who, when, from, to, for which due date and why."""

    STATES = Obligation.State
    ITEM_FIELD = "obligation"

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), on_delete=models.PROTECT, related_name="logs"
    )
    due_date = models.DateField(_("for the due date"))

    class Meta(StateLog.Meta):
        verbose_name = _("obligation history entry")
        verbose_name_plural = _("obligation history")


class ObligationEdit(FieldEditRecord):
    """A correction of an obligation's description, unit, due date or recurrence."""

    obligation = edited_record(Obligation, _("obligation"))

    class Meta(FieldEditRecord.Meta):
        verbose_name = _("obligation edit")
        verbose_name_plural = _("obligation edits")


class ProjectDocument(StoredDocument):
    """A document of a project, or handed in with an obligation report (a commitment's
    obligation has no project)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    submission = models.ForeignKey(
        ObligationSubmission,
        verbose_name=_("obligation report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )

    class Meta(StoredDocument.Meta):
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(project__isnull=False) | models.Q(submission__isnull=False),
                name="project_document_belongs_somewhere",
            ),
        ]

    def storage_folder(self) -> str:
        if self.project_id is None:
            return "commitments/reports"
        return f"projects/{self.project_id}"
