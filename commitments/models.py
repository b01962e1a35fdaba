"""The state's international commitments, the frameworks they come from, the indicators that
measure them, and the areas each donor gives to.

A commitment's periodic status report is an obligation of the commitment (``projects``): it
is chased, escalated and accepted exactly like a project's obligation. What a report claims
for the indicators becomes an ``IndicatorValue`` when the department accepts it."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.append_only import FieldEditRecord, edited_record
from core.bounds import AmountField, EnteredDateField
from core.codelists import sector_choices
from core.models import BilingualName
from core.next_steps import Step, Whose
from core.periodicity import Periodicity
from core.records import EnteredRecord, person_field
from core.unique import UniqueMessages
from core.versions import VersionedRecord


class Framework(VersionedRecord, BilingualName):
    """Where commitments come from: an agreement, an action plan, a treaty body, a strategy."""

    class Family(models.TextChoices):
        EU = "eu", _("European Union")
        NATO = "nato", _("NATO")
        UN = "un", _("United Nations")
        COE = "coe", _("Council of Europe")
        BILATERAL = "bilateral", _("Bilateral")
        NATIONAL = "national", _("National strategy")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    family = models.CharField(_("family"), max_length=12, choices=Family.choices)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["position", "code"]

    @property
    def abbreviation(self) -> str:
        """How the framework is named before a reference: EU-AA 14.2, NATO-ANP 3.1. The code
        itself stays lower case, as the IATI file and addresses carry it."""
        return self.code.upper()


class Commitment(VersionedRecord, EnteredRecord):
    class Status(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not assessed yet")
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")
        DONE = "done", _("Done")

    # What a status report may say of the commitment (never "not assessed").
    ASSESSMENTS = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.DONE)
    # A weak point: the gap analysis starts from these, the worst first.
    WEAK = (Status.OFF_TRACK, Status.AT_RISK)

    # What comes next, as the commitment's page says it: the responsible unit reports on it
    # until it is done.
    NEXT_STEPS: dict[str, Step] = {
        Status.NOT_ASSESSED: Step(_("report on the commitment"), Whose.UNIT),
        Status.ON_TRACK: Step(_("report on the commitment"), Whose.UNIT),
        Status.AT_RISK: Step(_("report on the commitment"), Whose.UNIT),
        Status.OFF_TRACK: Step(_("report on the commitment"), Whose.UNIT),
        Status.DONE: Step(_("nothing more: the commitment is met")),
    }

    EDITABLE_FIELDS = (
        "framework",
        "reference",
        "text_ka",
        "text_en",
        "responsible_unit",
        "partner_agencies",
        "deadline",
        "status",
        "reporting",
    )

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    reference = models.CharField(
        _("reference"),
        max_length=100,
        help_text=_("Article, benchmark, goal or recommendation number."),
    )
    text_ka = models.TextField(_("text (Georgian)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    responsible_unit = models.ForeignKey(
        "core.OrganisationalUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="commitments",
        help_text=_("The unit that reports on the commitment."),
    )
    supporting_units = models.ManyToManyField(
        "core.OrganisationalUnit",
        verbose_name=_("other responsible units"),
        blank=True,
        related_name="supported_commitments",
    )
    partner_agencies = models.TextField(_("partner agencies"), blank=True)
    deadline = EnteredDateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.NOT_ASSESSED,
        db_index=True,
    )
    reporting = models.CharField(
        _("status reports"),
        max_length=12,
        choices=Periodicity.choices,
        default=Periodicity.QUARTERLY,
        help_text=_("How often the responsible unit reports on the commitment."),
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["framework__position", "framework__code", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "reference"],
                name="commitment_reference_once",
                violation_error_message=_(
                    "This framework already has a commitment with this reference."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.abbreviation} {self.reference}"

    @property
    def text(self) -> str:
        from core.models import bilingual_name

        return bilingual_name(self.text_ka, self.text_en)


class CommitmentEdit(FieldEditRecord):
    """An edit of a commitment: its fields and its indicators, as they were and became."""

    commitment = edited_record(Commitment, _("commitment"))

    class Meta(FieldEditRecord.Meta):
        verbose_name = _("commitment edit")
        verbose_name_plural = _("commitment edits")


class Indicator(models.Model):
    """How a commitment is measured: a baseline, a target by a date, and actuals per period."""

    class Measure(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percentage")
        YES_NO = "yes_no", _("Yes / no")
        TEXT = "text", _("Text")

    # Measures whose values are numbers (yes/no is kept as 1 or 0) and can lag a target path.
    NUMERIC = (Measure.NUMBER, Measure.PERCENT, Measure.YES_NO)

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=400)
    measure = models.CharField(
        _("measure"), max_length=8, choices=Measure.choices, default=Measure.NUMBER
    )
    baseline = AmountField(_("baseline"), null=True, blank=True)
    baseline_text = models.CharField(_("baseline (text)"), max_length=400, blank=True)
    baseline_date = EnteredDateField(_("baseline date"), null=True, blank=True)
    target = AmountField(_("target"), null=True, blank=True)
    target_text = models.CharField(_("target (text)"), max_length=400, blank=True)
    target_date = EnteredDateField(_("target date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("commitment indicator")
        verbose_name_plural = _("commitment indicators")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_numeric(self) -> bool:
        return self.measure in self.NUMERIC

    def value_problem(self, value: Decimal | None) -> str | None:
        """Why ``value`` cannot be a baseline, target or actual of this indicator, if it cannot:
        the one rule for the commitment's form, the API and a status report."""
        if value is None:
            return None
        if self.measure == self.Measure.TEXT:
            return str(_("An indicator measured in words takes its values as text."))
        if self.measure == self.Measure.YES_NO and value not in (0, 1):
            return str(_("A yes/no indicator takes 1 for yes and 0 for no."))
        if self.measure == self.Measure.PERCENT and not 0 <= value <= 100:
            return str(_("A percentage lies between 0 and 100."))
        if value < 0:
            return str(_("An indicator's number is not below zero."))
        return None

    def dates_problem(self) -> str | None:
        """Why the indicator's dates cannot stand together, if they cannot."""
        if self.baseline_date and self.target_date and self.target_date < self.baseline_date:
            return str(_("An indicator's target date cannot come before its baseline date."))
        return None

    def expected_on(self, day: datetime.date) -> Decimal | None:
        """Where the target path stands on ``day``: the straight line from the baseline on its
        date to the target on its date. None when the path is not fully known."""
        if not self.is_numeric or None in (
            self.baseline,
            self.target,
            self.baseline_date,
            self.target_date,
        ):
            return None
        assert self.baseline is not None and self.target is not None
        assert self.baseline_date is not None and self.target_date is not None
        span = (self.target_date - self.baseline_date).days
        if span <= 0 or day >= self.target_date:
            return self.target
        if day <= self.baseline_date:
            return self.baseline
        share = Decimal((day - self.baseline_date).days) / Decimal(span)
        return self.baseline + (self.target - self.baseline) * share

    def lags(self, actual: IndicatorValue | None, day: datetime.date) -> bool:
        """Whether the latest actual is behind the target path on ``day`` (a path that falls,
        such as a waiting time, lags when the actual is above it)."""
        expected = self.expected_on(day)
        if expected is None or actual is None or actual.value is None:
            return False
        assert self.baseline is not None and self.target is not None
        if self.target >= self.baseline:
            return actual.value < expected
        return actual.value > expected


class IndicatorValue(UniqueMessages, models.Model):
    """What an indicator reached by the end of a reporting period, and who reported it."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="actuals",
    )
    period_end = EnteredDateField(_("period end"))
    value = AmountField(_("actual"), null=True, blank=True)
    text = models.CharField(_("actual (text)"), max_length=400, blank=True)
    reported_by = person_field(_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), auto_now=True)

    class Meta:
        verbose_name = _("indicator actual")
        verbose_name_plural = _("indicator actuals")
        ordering = ["period_end", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"], name="commitment_actual_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} @ {self.period_end}: {self.value if self.value is not None else self.text}"


class DonorPriority(models.Model):
    """One area a donor gives to: a framework, a DAC sector or a theme in words."""

    donor = models.ForeignKey(
        "core.Donor",
        verbose_name=_("donor"),
        on_delete=models.CASCADE,
        related_name="priorities",
    )
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donor_priorities",
    )
    sector = models.CharField(_("sector (DAC)"), max_length=5, blank=True, choices=sector_choices)
    theme = models.CharField(_("theme"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("donor priority")
        verbose_name_plural = _("donor priorities")
        ordering = ["donor", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(framework__isnull=False)
                | ~models.Q(sector="")
                | ~models.Q(theme=""),
                name="donor_priority_says_something",
                violation_error_message=_("Name a framework, a sector or a theme."),
            ),
        ]

    def __str__(self) -> str:
        parts = [
            str(self.framework or ""),
            self.get_sector_display() if self.sector else "",
            self.theme,
        ]
        return " · ".join(part for part in parts if part)
