"""The shopping list: what the ministry needs support for, and the commitment behind each need."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.append_only import FieldEditRecord, edited_record
from core.codelists import sector_choices
from core.next_steps import Step, Whose
from core.records import EnteredRecord
from core.versions import VersionedRecord


class Need(VersionedRecord, EnteredRecord):
    class Source(models.TextChoices):
        AA = "aa", _("Association Agreement article")
        VLAP = "vlap", _("Visa Liberalisation Action Plan benchmark")
        ANP = "anp", _("Annual National Programme chapter")
        PARP = "parp", _("PARP goal")
        UN = "un", _("UN recommendation")
        COE = "coe", _("Council of Europe recommendation")
        OTHER = "other", _("Other")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("Being addressed")
        MET = "met", _("Met")
        DROPPED = "dropped", _("No longer needed")

    # What a person edits (the links to opportunities and projects are set apart).
    EDITABLE_FIELDS = (
        "title",
        "description",
        "source",
        "source_reference",
        "priority",
        "responsible_unit",
        "status",
        "sector",
    )

    # Needs that still want support: only these count as gaps.
    STILL_NEEDED = (Status.OPEN, Status.IN_PROGRESS)

    # What comes next in each status and whose move it is, as the need's page says it.
    NEXT_STEPS: dict[str, Step] = {
        Status.OPEN: Step(_("find a donor or an opportunity that answers it"), Whose.UNIT),
        Status.IN_PROGRESS: Step(
            _("follow the opportunities and projects that answer it; mark it met when it is"),
            Whose.UNIT,
        ),
        Status.MET: Step(_("nothing more: the need is met")),
        Status.DROPPED: Step(_("nothing more: the need is no longer there")),
    }

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source commitment"), max_length=8, choices=Source.choices)
    source_reference = models.CharField(
        _("reference in the source"),
        max_length=200,
        blank=True,
        help_text=_("For example: article 14, benchmark 2.3, chapter 4."),
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    responsible_unit = models.ForeignKey(
        "core.OrganisationalUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    sector = models.CharField(_("sector (DAC)"), max_length=5, blank=True, choices=sector_choices)
    # The commitments the need serves; ``source`` and ``source_reference`` keep the words it
    # was first written down with.
    commitments = models.ManyToManyField(
        "commitments.Commitment", verbose_name=_("commitments"), blank=True, related_name="needs"
    )
    opportunities = models.ManyToManyField(
        "workflow.Opportunity", verbose_name=_("opportunities"), blank=True, related_name="needs"
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects"), blank=True, related_name="needs"
    )

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["title"],
                name="need_title_once",
                violation_error_message=_("This need is already on the list."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NeedEdit(FieldEditRecord):
    need = edited_record(Need, _("need"))

    class Meta(FieldEditRecord.Meta):
        verbose_name = _("need edit")
        verbose_name_plural = _("need edits")
