"""The project register: every donor project of the ministry, shaped like an IATI activity."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.append_only import FieldEditRecord, edited_record
from core.bounds import AmountField, EnteredDateField, amount_is_a_number
from core.codelists import (
    ActivityStatus,
    activity_status_choices,
    budget_type_choices,
    currency_choices,
    indicator_measure_choices,
    sector_choices,
)
from core.constraints import dates_in_order, once_when_set
from core.due import due_index
from core.next_steps import Step, Whose
from core.periodicity import Periodicity
from core.records import EnteredRecord
from core.unique import UniqueMessages
from core.versions import VersionedRecord
from scheduling import policy
from scheduling.series import Reminder, planned


class Area(UniqueMessages, models.Model):
    """A region or municipality of Georgia that a project targets."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_ka = models.CharField(_("name (Georgian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="municipalities",
    )

    class Meta:
        verbose_name = _("target area")
        verbose_name_plural = _("target areas")
        ordering = ["kind", "name_ka"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name_ka"], name="area_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name_ka


class Project(VersionedRecord, EnteredRecord):
    Periodicity = Periodicity

    # Fields a ministry may show on its public page when the project is public.
    PUBLISHABLE_FIELDS = (
        ("title_en", _("title (English)")),
        ("status", _("status")),
        ("dates", _("dates")),
        ("participants", _("participating organisations")),
        ("target_areas", _("target areas")),
        ("budget", _("budget")),
        ("goal", _("goal")),
        ("components", _("components")),
        ("expected_results", _("expected results")),
        ("sectors", _("sectors")),
        ("results", _("results")),
    )

    title_ka = models.CharField(_("title (Georgian)"), max_length=400)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    iati_identifier = models.CharField(
        _("IATI identifier"),
        max_length=150,
        blank=True,
        help_text=_("The activity's identifier in IATI, if the donor publishes one."),
    )
    opportunity = models.OneToOneField(
        "workflow.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project",
    )
    status = models.CharField(
        _("status"),
        max_length=2,
        choices=activity_status_choices,
        default=ActivityStatus.IMPLEMENTATION,
        db_index=True,
    )
    target_areas = models.ManyToManyField(
        Area, verbose_name=_("target areas"), blank=True, related_name="projects"
    )
    planned_start = EnteredDateField(_("planned start"), null=True, blank=True)
    planned_end = EnteredDateField(_("planned end"), null=True, blank=True)
    actual_start = EnteredDateField(_("actual start"), null=True, blank=True)
    actual_end = EnteredDateField(_("actual end"), null=True, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    components = models.TextField(_("components"), blank=True, help_text=_("One per line."))
    expected_results = models.TextField(_("expected results"), blank=True)
    report_periodicity = models.CharField(
        _("progress report periodicity"),
        max_length=16,
        choices=Periodicity.choices,
        default=Periodicity.QUARTERLY,
    )
    next_report_due = EnteredDateField(
        _("next progress report due"), null=True, blank=True, db_index=True
    )
    is_public = models.BooleanField(_("public"), default=False)
    public_fields = models.JSONField(_("public fields"), default=list, blank=True)
    # When the report sweep next looks at this project; empty when no report is awaited.
    report_reminder_at = models.DateTimeField(_("next report reminder"), null=True, editable=False)

    # IATI statuses in which progress is reported: implementation and finalisation.
    REPORTING_STATUSES = (ActivityStatus.IMPLEMENTATION, ActivityStatus.FINALISATION)

    # What comes next in each status and whose move it is, as the project's page says it.
    NEXT_STEPS: dict[str, Step] = {
        ActivityStatus.PIPELINE: Step(
            _("record the start when the project begins"), Whose.DEPARTMENT
        ),
        ActivityStatus.IMPLEMENTATION: Step(_("submit the next progress report"), Whose.UNIT),
        ActivityStatus.FINALISATION: Step(_("submit the next progress report"), Whose.UNIT),
        ActivityStatus.CLOSED: Step(_("nothing more: the project has ended")),
        ActivityStatus.CANCELLED: Step(_("nothing more: the project was cancelled")),
        ActivityStatus.SUSPENDED: Step(_("resume the project or close it"), Whose.DEPARTMENT),
    }
    # While a progress report waits for the department's decision, that decision comes first.
    REPORT_TO_DECIDE = Step(_("accept the progress report or return it"), Whose.DEPARTMENT)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]
        indexes = [
            due_index("report_reminder_at", "project_report_reminder_due"),
        ]
        constraints = [
            once_when_set(
                "iati_identifier",
                "project_iati_identifier_once",
                _("Another project has this IATI identifier."),
            ),
        ]

    def __str__(self) -> str:
        return self.title_ka

    def shows(self, field: str) -> bool:
        """Whether ``field`` (one of PUBLISHABLE_FIELDS) may be shown outside the ministry."""
        return self.is_public and field in self.public_fields

    @property
    def awaits_progress_report(self) -> bool:
        """A progress report is due: the project is being monitored."""
        return self.next_report_due is not None

    def report_reminder(self, now: datetime.datetime) -> Reminder | None:
        """Due soon, due today, overdue: the next progress report, while the project reports.
        Planning the due column and the sweep's decision both ask this."""
        due = self.next_report_due
        if not due or self.status not in self.REPORTING_STATUSES:
            return None
        return Reminder(policy.report_series(), due)

    def plan_report_reminder(self) -> None:
        """Set when the sweep next looks at the report due."""
        now = timezone.now()
        self.report_reminder_at = planned(self.report_reminder(now), now)


class ProjectParticipant(models.Model):
    """An organisation taking part, in one of the IATI roles or as beneficiary/partner.

    It is a donor or a ministry unit from the directories, or a named outside organisation.
    """

    class Role(models.TextChoices):
        FUNDING = "1", _("Funding")
        ACCOUNTABLE = "2", _("Accountable")
        EXTENDING = "3", _("Extending")
        IMPLEMENTING = "4", _("Implementing")
        PARTNER = "partner", _("Beneficiary / partner")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    donor = models.ForeignKey(
        "core.Donor", verbose_name=_("donor"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "core.OrganisationalUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_roles",
    )
    name = models.CharField(_("organisation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(donor__isnull=False, unit__isnull=True, name="")
                    | models.Q(donor__isnull=True, unit__isnull=False, name="")
                    | (models.Q(donor__isnull=True, unit__isnull=True) & ~models.Q(name=""))
                ),
                name="participant_is_one_organisation",
                violation_error_message=_(
                    "A participant is a donor, a unit or a named organisation — exactly one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.donor or self.unit or self.name)


class ProjectSector(UniqueMessages, models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="sectors"
    )
    code = models.CharField(_("sector (DAC)"), max_length=5, choices=sector_choices)
    percentage = models.DecimalField(
        _("share, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="project_sector_once"),
        ]

    def __str__(self) -> str:
        return self.code


class BudgetLine(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    kind = models.CharField(_("type"), max_length=1, choices=budget_type_choices, default="1")
    amount = AmountField(_("amount"), validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, choices=currency_choices)
    period_start = EnteredDateField(_("period start"), null=True, blank=True)
    period_end = EnteredDateField(_("period end"), null=True, blank=True)

    # The date a line is counted and converted at, the first one recorded: its period's start,
    # else the project's actual start, else its planned start. ``dated_on`` reads it from a
    # line, ``projects.measures.counted_budget_lines`` in SQL.
    DATED_BY = ("period_start", "project__actual_start", "project__planned_start")

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["period_start", "id"]
        constraints = [
            dates_in_order(
                "period_start",
                "period_end",
                name="budget_period_in_order",
                message=_("A budget period cannot end before it starts."),
                either_empty=True,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    def dated_on(self) -> datetime.date | None:
        """The line's date by ``DATED_BY``."""
        for path in self.DATED_BY:
            value: Any = self
            for name in path.split("__"):
                value = getattr(value, name)
            if value is not None:
                return cast(datetime.date, value)
        return None


class ProjectResult(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="results"
    )
    title = models.CharField(_("result"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ResultIndicator(models.Model):
    result = models.ForeignKey(
        ProjectResult,
        verbose_name=_("result"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    title = models.CharField(_("indicator"), max_length=400)
    measure = models.CharField(
        _("measure"), max_length=1, choices=indicator_measure_choices, default="1"
    )
    baseline = AmountField(_("baseline"), null=True, blank=True)
    target = AmountField(_("target"), null=True, blank=True)
    # The commitment indicator this one contributes to, when it serves one.
    serves = models.ForeignKey(
        "commitments.Indicator",
        verbose_name=_("contributes to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_indicators",
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class IndicatorActual(UniqueMessages, models.Model):
    """What an indicator reached in a reporting period (from an accepted progress report)."""

    indicator = models.ForeignKey(
        ResultIndicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="actuals",
    )
    period_start = EnteredDateField(_("period start"))
    period_end = EnteredDateField(_("period end"))
    value = AmountField(_("actual"))

    class Meta:
        verbose_name = _("indicator actual")
        verbose_name_plural = _("indicator actuals")
        ordering = ["period_end", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"], name="actual_once_per_period"
            ),
            amount_is_a_number("value", name="indicator_actual_is_a_number"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class ProjectEdit(FieldEditRecord):
    project = edited_record(Project, _("project"))

    class Meta(FieldEditRecord.Meta):
        verbose_name = _("project edit")
        verbose_name_plural = _("project edits")
