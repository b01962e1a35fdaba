"""What an edit changed, in a form an edit record can keep (see ``FieldEditRecord``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone

from core.versions import edit_begins, save_new_version


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
    may_edit: Callable[[], None] = lambda: None,
    after_save: Callable[[], None] = lambda: None,
    parts: Callable[[], dict[str, Any]] = dict,
    expected_version: int | None = None,
) -> None:
    """The one edit path of a versioned record with a history.

    1. Lock the record and read it afresh (``edit_begins``; a stale ``expected_version`` is
       refused), so what is compared below is what is stored, not an older copy.
    2. ``may_edit`` refuses a person who may not edit the record as it is stored now (it may
       have moved to another unit meanwhile). Apply only the ``fields`` given, ``check``
       (which refuses what may not be), then ``after_save`` (links and other rows hanging off
       the record).
    3. If anything changed — a tracked field, or one of the ``parts`` (a snapshot of the rows
       hanging off the record: indicators, budget lines) — write only the changed columns with
       the next version and keep what changed in the record's ``edits``; nothing at all when
       nothing changed.

    Every edit of a register record with a history goes through here; an edit of one without
    a history through ``core.versions.update_versioned``.
    """
    tracked = tuple(tracked)
    columns_before = edit_begins(record, expected_version=expected_version)
    before = field_values(record, tracked) | parts()
    may_edit()
    for name, value in fields.items():
        setattr(record, name, value)
    check()
    after_save()
    changes = changes_between(before, field_values(record, tracked) | parts())
    saved = save_new_version(record, before=columns_before, related_changed=bool(changes))
    if saved and changes:
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
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if isinstance(value, dict):
        # A row of a list kept whole (an opportunity's KPI, a project's sector): its values as
        # typed, each read as its row's field reads it (a code by its name, a day as a day).
        row = getattr(field, "related_model", None) or model
        return " · ".join(
            _shown(row, key, v) for key, v in value.items() if v not in (None, "", [], "None")
        )
    if field is None:
        return str(value)
    if isinstance(value, str) and isinstance(field, models.DateField):
        # Kept as ISO text; shown as every page shows a day (and a moment in local time).
        return _day_shown(field, value)
    choices = dict(getattr(field, "flatchoices", None) or ())
    return str(choices.get(value, value))


def _day_shown(field: models.DateField[Any, Any], value: str) -> str:
    try:
        if isinstance(field, models.DateTimeField):
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "d.m.Y H:i")
        return formats.date_format(datetime.date.fromisoformat(value), "d.m.Y")
    except ValueError:
        return value


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


def stored_beside_typed(record: models.Model, typed: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, stored now, typed) for each of ``record``'s fields whose typed value differs from
    the stored one, as people read them; what is typed but not a field of the record is left."""
    model = type(record)
    rows = []
    for name, value in typed.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_many:
            stored_rows = list(getattr(record, name).all())
            typed_rows = list(value or [])
            if {row.pk for row in stored_rows} == {row.pk for row in typed_rows}:
                continue
            stored, shown = sorted(map(str, stored_rows)), sorted(map(str, typed_rows))
        elif field.concrete:
            stored, shown = getattr(record, name), value
            if stored == shown or (stored in (None, "") and shown in (None, "")):
                continue
            stored, shown = plain(stored), plain(shown)
        else:
            continue
        rows.append((_label(model, name), _shown(model, name, stored), _shown(model, name, shown)))
    return rows
