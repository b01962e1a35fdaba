"""A person's saved filters: a register's query string kept under a name."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.unique import UniqueMessages


class SavedFilter(UniqueMessages, models.Model):
    """A register's filters and sort, saved by a person under a name. Opening it is opening
    ``path?query``, so sharing it is sharing that link; only its owner lists and deletes it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,  # a person's own shortcuts, nobody else's record
        related_name="saved_filters",
    )
    name = models.CharField(_("name"), max_length=100)
    path = models.CharField(_("register"), max_length=200)
    query = models.CharField(_("query string"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "path", "name"], name="saved_filter_name_once_per_register"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def link(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path
