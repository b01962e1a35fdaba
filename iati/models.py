"""An uploaded IATI file, read in the background, and the activities read from it.

The import row is its own outbox: it is written ``queued`` with the file in the same
transaction as the upload, a worker claims it by a conditional UPDATE and reads it, and the
sweep takes up again an import whose message was lost or whose worker died.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.records import person_field
from core.unique import UniqueMessages
from iati.reader import IDENTIFIER_MAX_LENGTH, Activity


class IatiImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be read")
        READING = "reading", _("being read")
        READY = "ready", _("read")
        REFUSED = "refused", _("refused")

    FINISHED = (Status.READY, Status.REFUSED)

    file_name = models.CharField(_("file"), max_length=255)
    # Kept until the file is read; the activities stay, the file does not.
    file = models.FileField(_("file"), upload_to="iati-imports/%Y/%m/", blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_by = person_field(_("by"))
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    # Progress of the reading, and a heartbeat: a reading import not heard of for a while was
    # left by a worker that died, and is taken up again.
    bytes_read = models.PositiveBigIntegerField(_("bytes read"), default=0)
    activities_read = models.PositiveIntegerField(_("activities read"), default=0)
    heard_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    refusal = models.TextField(_("reason refused"), blank=True)
    # The uploader's language: reasons and problems are written in it by the worker.
    language = models.CharField(_("language"), max_length=8, default="ka")
    # What was passed over while reading, and where the file departs from the IATI 2.03
    # schema; the file is read all the same.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    schema_problems = models.JSONField(_("schema problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "heard_at"],
                name="iati_import_unfinished",
                condition=models.Q(status__in=["queued", "reading"]),
            ),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent_read(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return min(99, self.bytes_read * 100 // self.size) if self.size else 0

    def records(self) -> list[Activity]:
        return [row.activity for row in self.rows.all()]

    def record(self, identifier: str) -> Activity | None:
        row = self.rows.filter(identifier=identifier).first()
        return None if row is None else row.activity


class IatiActivity(UniqueMessages, models.Model):
    """One activity of an imported file, with the columns the result list filters on."""

    iati_import = models.ForeignKey(
        IatiImport, verbose_name=_("IATI import"), on_delete=models.CASCADE, related_name="rows"
    )
    position = models.PositiveIntegerField(_("position in the file"))
    identifier = models.CharField(_("IATI identifier"), max_length=IDENTIFIER_MAX_LENGTH)
    title = models.TextField(_("title"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    status = models.CharField(_("status"), max_length=2, blank=True)
    # Recipient country codes between spaces (" GE AM "), so one is found by a plain
    # "contains" on either database.
    countries = models.CharField(_("recipient countries"), max_length=800, blank=True)
    data = models.JSONField(_("activity"))

    class Meta:
        verbose_name = _("IATI activity")
        verbose_name_plural = _("IATI activities")
        ordering = ["iati_import", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["iati_import", "identifier"], name="iati_activity_once_per_import"
            ),
            models.UniqueConstraint(
                fields=["iati_import", "position"], name="iati_activity_position_once"
            ),
        ]

    def __str__(self) -> str:
        return self.identifier

    @property
    def activity(self) -> Activity:
        return Activity(**self.data)

    @staticmethod
    def columns(iati_import: IatiImport, position: int, record: Activity) -> dict[str, Any]:
        """The row of ``record`` as column values, ready for a bulk insert."""
        return {
            "iati_import_id": iati_import.pk,
            "position": position,
            "identifier": record.identifier,
            "title": record.title,
            "title_en": record.title_en,
            "status": record.status[:2],
            "countries": f" {' '.join(record.countries)} "[:800] if record.countries else "",
            "data": record.as_dict(),
        }
