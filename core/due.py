"""Due columns: when a sweep should next look at a row. Empty means nothing is due, so the
index covers only the rows that are waiting (a partial index where the database allows)."""

from __future__ import annotations

from django.db import models


def due_index(field: str, name: str) -> models.Index:
    return models.Index(
        fields=[field], name=name, condition=models.Q(**{f"{field}__isnull": False})
    )
