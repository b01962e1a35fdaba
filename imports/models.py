"""An uploaded register file: checked first (a dry run), imported only when the user says so."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.records import person_field


class ImportBatch(models.Model):
    class State(models.TextChoices):
        CHECKED = "checked", _("Checked, not imported")
        IMPORTED = "imported", _("Imported")

    register = models.CharField(_("register"), max_length=20)
    file_name = models.CharField(_("file"), max_length=255)
    # The file itself, so what is imported is exactly what was checked.
    content = models.BinaryField(_("content"))
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.CHECKED
    )
    check_report = models.JSONField(_("dry-run report"), default=dict)
    import_report = models.JSONField(_("import report"), default=dict, blank=True)
    valid_rows_only = models.BooleanField(_("valid rows only"), default=False)
    uploaded_by = person_field(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.register}: {self.file_name}"

    @property
    def register_label(self) -> str:
        from imports.registers import REGISTERS  # the registers import services, not models

        register = REGISTERS.get(self.register)
        return str(register.label) if register else self.register

    @property
    def report(self) -> dict:  # type: ignore[type-arg]
        """The latest report: the import's once it ran, else the dry run's."""
        return self.import_report or self.check_report
