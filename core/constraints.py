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


def dates_in_order(
    start: str, end: str, *, name: str, message: Any, either_empty: bool = False
) -> models.CheckConstraint:
    """``end`` is not before ``start``. With ``either_empty``, a row missing either date passes."""
    in_order = models.Q(**{f"{end}__gte": models.F(start)})
    if either_empty:
        in_order = (
            models.Q(**{f"{end}__isnull": True}) | models.Q(**{f"{start}__isnull": True}) | in_order
        )
    return models.CheckConstraint(condition=in_order, name=name, violation_error_message=message)
