"""An uploaded IATI file, kept with the activities read from it until they are dealt with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iati.reader import Activity


class IatiImport(models.Model):
    file_name = models.CharField(_("file"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    activities = models.JSONField(_("activities"), default=list)
    # What the official 2.03 schema found wrong with the file; it is read all the same.
    schema_problems = models.JSONField(_("schema problems"), default=list, blank=True)

    class Meta:
        verbose_name = _("IATI import")
        verbose_name_plural = _("IATI imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    def records(self) -> list[Activity]:
        return [Activity(**data) for data in self.activities]

    def record(self, identifier: str) -> Activity | None:
        return next((a for a in self.records() if a.identifier == identifier), None)
