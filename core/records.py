"""Fields every register record carries: who entered it, when, and when it last changed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def person_field(
    verbose_name: Any, *, null: bool = False, editable: bool = True
) -> models.ForeignKey[Any, Any]:
    """The person who did something to a record (entered, submitted, decided it...).

    People are kept while records name them (PROTECT) and get no reverse accessor. ``null`` is
    for a step not taken yet: the field may then be left empty.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name="+",
        editable=editable,
    )


class EnteredRecord(models.Model):
    created_by = person_field(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
