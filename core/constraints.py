"""Constraints several registers declare alike."""

from __future__ import annotations

from typing import Any

from django.db import models


def once_when_set(field: str, name: str, message: Any) -> models.UniqueConstraint:
    """``field`` is unique among the rows where it is filled in (empty means "none yet")."""
    return models.UniqueConstraint(
        fields=[field],
        condition=~models.Q(**{field: ""}),
        name=name,
        violation_error_message=message,
    )
