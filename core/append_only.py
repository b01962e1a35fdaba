from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.records import person_field


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


def edited_record(model: Any, verbose_name: Any) -> models.ForeignKey[Any, Any]:
    """A FieldEditRecord's link to the record edited, which reads its edits as ``edits``."""
    return models.ForeignKey(
        model, verbose_name=verbose_name, on_delete=models.PROTECT, related_name="edits"
    )


class FieldEditRecord(AppendOnlyModel):
    """One edit of a record's fields: who, when, and ``changes`` as field → ``[old, new]``.

    Subclasses add the foreign key to the record edited, declared with ``edited_record``.
    """

    actor = person_field(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    changes = models.JSONField(_("changes"))

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.edited_id}: {', '.join(self.changes)}"

    @property
    def edited_id(self) -> Any:
        """The id of the record edited (the foreign key declared with ``edited_record``)."""
        link = next(
            field
            for field in self._meta.concrete_fields
            if isinstance(field, models.ForeignKey) and field.remote_field.related_name == "edits"
        )
        return getattr(self, link.attname)
