"""Model validation turned into the refusal services raise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models

from core.errors import ActionBlocked


def validated(instance: models.Model, *, exclude: Sequence[str]) -> None:
    """Run the model's own validation; its complaints come back as an ActionBlocked.

    Text with a NUL character is refused too: PostgreSQL cannot store it, and the model's
    fields (unlike forms and serializers) do not check for it, so a page that passes text
    straight to a service would otherwise fail with a server error."""
    nul = ProhibitNullCharactersValidator()
    errors: dict[str, list[ValidationError]] = {}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if field.name not in exclude and isinstance(value, str):
            try:
                nul(value)
            except ValidationError as error:
                errors[field.name] = [error]
    try:
        instance.full_clean(exclude=[*exclude, *errors])
    except ValidationError as exc:
        errors.update(exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: [exc]})
    if errors:
        raise ActionBlocked(*_flatten(instance, ValidationError(errors))) from None


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
