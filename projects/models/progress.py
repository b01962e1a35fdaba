"""Progress reports of monitored projects, at the project's periodicity."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from core.bounds import AmountField, EnteredDateField, amount_is_a_number
from core.constraints import dates_in_order
from core.lifecycle import StateLog, transition
from core.records import person_field
from core.unique import UniqueMessages
from core.versions import VersionedRecord
from projects import permissions as may


class ProgressReport(ConcurrentTransitionMixin, VersionedRecord):
    """One report handed in by a participating unit; the department accepts or returns it.
    A returned report stays as it was; the unit hands in a new one."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for revision")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    due_date = models.DateField(_("for the due date"))
    period_start = EnteredDateField(_("period start"))
    period_end = EnteredDateField(_("period end"))
    progress = models.TextField(_("progress"))
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    state = FSMField(_("status"), default=State.SUBMITTED, choices=State.choices)
    submitted_by = person_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = person_field(_("decided by"), null=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-due_date", "-submitted_at", "-id"]
        constraints = [
            dates_in_order(
                "period_start",
                "period_end",
                name="progress_period_in_order",
                message=_("A reporting period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.period_start} – {self.period_end}"

    def clean(self) -> None:
        # Progress is reported on what has happened: a period yet to begin has none.
        if self.period_start and self.period_start > timezone.localdate():
            raise ValidationError(
                {"period_start": _("Progress is reported for a period that has begun.")}
            )

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.ACCEPTED,
        permission=may.is_coordinator,
        label=_("Accept"),
    )
    def accept(self) -> None:
        pass

    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.RETURNED,
        permission=may.is_coordinator,
        label=_("Return for revision"),
        comment_required=True,
    )
    def return_for_revision(self) -> None:
        pass


class ProgressReportLog(StateLog):
    """Every decision on a progress report: who, when, accepted or returned, and why."""

    STATES = ProgressReport.State
    ITEM_FIELD = "report"

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.PROTECT,
        related_name="logs",
    )

    class Meta(StateLog.Meta):
        verbose_name = _("progress report history entry")
        verbose_name_plural = _("progress report history")


class ProgressActual(UniqueMessages, models.Model):
    """An indicator value a progress report claims; it becomes the indicator's actual when the
    report is accepted."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="actuals",
    )
    indicator = models.ForeignKey(
        "projects.ResultIndicator", verbose_name=_("indicator"), on_delete=models.PROTECT
    )
    value = AmountField(_("actual"))

    class Meta:
        verbose_name = _("reported actual")
        verbose_name_plural = _("reported actuals")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="progress_actual_once"),
            amount_is_a_number("value", name="progress_actual_is_a_number"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"
