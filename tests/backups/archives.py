"""Making and restoring an archive in a test, and every row a backup carries to compare."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from backups.archive import model_labels


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every model a backup carries, field by field, in key order (date-times to
    the microsecond)."""
    rows = {}
    for label in model_labels():
        model = apps.get_model(label)
        rows[label] = json.loads(
            serializers.serialize(
                "exactjson", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
            )
        )
    return rows


def backup(path: Path) -> str:
    out = StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    return out.getvalue()


def restore(path: Path) -> None:
    call_command("restore", str(path), "--yes", stdout=StringIO())
