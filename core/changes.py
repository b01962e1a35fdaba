"""Saving only the columns a step changed: a wide row written whole costs more than the step."""

from __future__ import annotations

from typing import Any

from django.db import models


def column_values(instance: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def changed_columns(instance: models.Model, before: dict[str, Any]) -> list[str]:
    """The columns whose value differs from ``before``, and those Django stamps on every save."""
    changed = [name for name, value in column_values(instance).items() if before[name] != value]
    stamped = [f.attname for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
    return [*changed, *(name for name in stamped if name not in changed)]
