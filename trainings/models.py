"""Trainings and study visits the ministry's staff took part in, counted per unit and year."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.append_only import FieldEditRecord, edited_record
from core.bounds import CountField, EnteredDateField
from core.constraints import dates_in_order
from core.next_steps import Step, Whose
from core.records import EnteredRecord
from core.versions import VersionedRecord


class Training(VersionedRecord, EnteredRecord):
    class Phase(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        HELD = "held", _("Held")

    # What comes next in each phase and whose move it is, as the training's page says it.
    NEXT_STEPS: dict[str, Step] = {
        Phase.PLANNED: Step(_("name the staff who take part"), Whose.UNIT),
        Phase.UNDER_WAY: Step(_("record who took part once it ends"), Whose.UNIT),
        Phase.HELD: Step(_("nothing more: the training is recorded")),
    }

    # What a person edits (the named staff are set apart).
    EDITABLE_FIELDS = (
        "name",
        "organiser",
        "unit",
        "start_date",
        "end_date",
        "duration_days",
        "place",
        "country",
        "women",
        "men",
        "opportunity",
        "project",
    )

    name = models.CharField(_("name"), max_length=300)
    organiser = models.CharField(_("organiser"), max_length=300)
    unit = models.ForeignKey(
        "core.OrganisationalUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="trainings",
        help_text=_("The unit whose staff took part."),
    )
    start_date = EnteredDateField(_("start date"), db_index=True)
    end_date = EnteredDateField(_("end date"))
    duration_days = models.DecimalField(
        _("duration, days"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=100)
    women = CountField(_("women"), default=0)
    men = CountField(_("men"), default=0)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named staff"),
        blank=True,
        related_name="trainings",
    )
    opportunity = models.ForeignKey(
        "workflow.Opportunity",
        verbose_name=_("opportunity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
    )

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-start_date", "-id"]
        constraints = [
            dates_in_order(
                "start_date",
                "end_date",
                name="training_ends_after_start",
                message=_("A training cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["name", "start_date", "unit"], name="training_once_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date:%d.%m.%Y})"

    def phase(self, today: datetime.date) -> str:
        if self.start_date > today:
            return self.Phase.PLANNED
        return self.Phase.UNDER_WAY if self.end_date >= today else self.Phase.HELD

    @property
    def participants(self) -> int:
        return self.women + self.men


class TrainingEdit(FieldEditRecord):
    training = edited_record(Training, _("training"))

    class Meta(FieldEditRecord.Meta):
        verbose_name = _("training edit")
        verbose_name_plural = _("training edits")
