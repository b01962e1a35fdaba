"""The search's trigram indexes, on PostgreSQL only (SQLite searches by containment, without
them). One GIN index per searched title serves both what the search asks of it: containing the
text (ILIKE) and holding a word like it (word similarity). They live here rather than on the
models so the registers' apps know nothing of the search."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# (table, column): the titles and names the search reads.
COLUMNS = [
    ("workflow_opportunity", "title"),
    ("workflow_opportunity", "reference"),
    ("projects_project", "title_ka"),
    ("projects_project", "title_en"),
    ("projects_obligation", "description"),
    ("needs_need", "title"),
    ("trainings_training", "name"),
    ("workflow_attachment", "original_name"),
    ("projects_projectdocument", "original_name"),
]


def _name(table: str, column: str) -> str:
    return f"search_{table}_{column}_trgm"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" '
            f'ON "{table}" USING gin ("{column}" gin_trgm_ops)'
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("workflow", "0012_kpi_serves_and_recommendation"),
        ("projects", "0011_commitment_obligations"),
        ("needs", "0004_link_commitments"),
        ("trainings", "0003_record_version"),
    ]

    operations = [
        TrigramExtension(),  # does nothing on other databases
        migrations.RunPython(create, drop),
    ]
