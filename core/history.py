"""What an edit changed, in a form an edit record can keep (see ``FieldEditRecord``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models


def plain(value: Any) -> Any:
    """A JSON-safe form of a field value: model instances by name, dates and decimals as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


def field_values(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``instance``; a many-to-many field as the sorted names of its rows."""
    values: dict[str, Any] = {}
    for name in names:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            related = getattr(instance, name).all() if instance.pk else []
            values[name] = sorted(str(row) for row in related)
        else:
            values[name] = plain(getattr(instance, name))
    return values


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """field → ``[old, new]`` for each value that differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def update_keeping_history(
    record: Any,
    *,
    user: Any,
    fields: dict[str, Any],
    tracked: Iterable[str],
    check: Callable[[], None],
    after_save: Callable[[], None] = lambda: None,
) -> None:
    """Apply ``fields``, ``check`` (which refuses what may not be), save, ``after_save`` (links),
    then keep what changed in the record's ``edits`` — nothing when nothing changed."""
    tracked = tuple(tracked)
    before = field_values(record, tracked)
    for name, value in fields.items():
        setattr(record, name, value)
    check()
    record.save()
    after_save()
    changes = changes_between(before, field_values(record, tracked))
    if changes:
        record.edits.create(actor=user, changes=changes)


def _label(model: type[models.Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if getattr(field, "verbose_name", None):
        return str(field.verbose_name)  # type: ignore[union-attr]
    return str(field.related_model._meta.verbose_name_plural)  # type: ignore[union-attr]


def _shown(model: type[models.Model], name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(_shown(model, name, item) for item in value)
    try:
        choices = dict(model._meta.get_field(name).flatchoices)  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        choices = {}
    return str(choices.get(value, value))


def readable_edits(edits: Iterable[Any], model: type[models.Model]) -> list[dict[str, Any]]:
    """Edit records as people read them: field names and choices in their language."""
    return [
        {
            "at": edit.at,
            "actor": edit.actor,
            "changes": [
                (_label(model, name), _shown(model, name, old), _shown(model, name, new))
                for name, (old, new) in edit.changes.items()
            ],
        }
        for edit in edits
    ]
