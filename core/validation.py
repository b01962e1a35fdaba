"""Model validation turned into the refusal services raise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from core.errors import ActionBlocked


def validated(instance: models.Model, *, exclude: Sequence[str]) -> None:
    """Run the model's own validation; its complaints come back as an ActionBlocked."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ActionBlocked(*_flatten(instance, exc)) from exc


def _flatten(instance: models.Model, exc: ValidationError) -> list[str]:
    """Each complaint prefixed with the field's name as users see it (“title: …”)."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    fields = {f.name: f for f in instance._meta.get_fields() if hasattr(f, "verbose_name")}
    return [
        message if name == NON_FIELD_ERRORS else f"{_field_name(fields, name)}: {message}"
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


def _field_name(fields: dict[str, Any], name: str) -> str:
    return str(fields[name].verbose_name) if name in fields else name
