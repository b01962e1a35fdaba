from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed or deleted (history is kept forever)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(f"{type(self).__name__} rows are append-only.")


class FieldEditRecord(AppendOnlyModel):
    """One edit of a record's fields: who, when, and ``changes`` as field → ``[old, new]``.

    Subclasses add the foreign key to the record edited (``related_name="edits"``).
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    changes = models.JSONField(_("changes"))

    class Meta:
        abstract = True
        ordering = ["at", "id"]
