"""Every edit of a register record bumps its version, so two people saving at once lose nothing.

An edit goes through two steps, both here once:

1. ``edit_begins`` locks the record's row and reads it afresh, so the edit starts from what is
   stored (not from a copy read before someone else saved) and its history says exactly what
   changed. A version given by the person (the page's hidden field, the API's ``If-Match``)
   must still be the stored one, or the edit is refused with ``VersionConflict``.
2. ``save_new_version`` writes only the columns that changed and the next version, as one
   UPDATE that matches only while the row still holds the version read.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.changes import changed_columns, column_values
from core.errors import VersionConflict
from core.unique import UniqueMessages

Record = TypeVar("Record", bound="VersionedRecord")


class VersionedRecord(UniqueMessages, models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up by one with every saved edit or move."),
    )

    class Meta:
        abstract = True


def edit_begins(record: VersionedRecord, *, expected_version: int | None = None) -> dict[str, Any]:
    """Lock ``record``'s row until commit and refresh ``record`` from it; refuse if the stored
    version is not ``expected_version`` (when one is given). Returns the columns as read, for
    ``save_new_version``. Call inside the edit's transaction."""
    # Related rows already read with the record are read again in the same query (unlocked).
    cached = [
        f.name
        for f in record._meta.concrete_fields
        if f.is_relation and f.is_cached(record)  # type: ignore[attr-defined]
    ]
    locked = type(record)._base_manager.select_for_update(of=("self",)).select_related(*cached)
    record.refresh_from_db(from_queryset=locked)
    if expected_version is not None and record.version != expected_version:
        raise VersionConflict.stale(current_version=record.version)
    return column_values(record)


def save_new_version(
    record: VersionedRecord, *, before: dict[str, Any], related_changed: bool = False
) -> bool:
    """Write the columns of ``record`` that differ from ``before`` and the next version, only if
    the row still holds the version read. ``related_changed`` says rows hanging off the record
    (links, parts) changed, which is an edit too. False when nothing changed."""
    read = before["version"]
    columns = [name for name in changed_columns(record, before) if not _stamped(record, name)]
    if not columns and not related_changed:
        return False
    record.version = read + 1
    values: dict[str, Any] = {"version": record.version}
    for field in record._meta.concrete_fields:
        if field.attname in columns or _stamped(record, field.attname):
            values[field.attname] = field.pre_save(record, add=False)  # sets auto_now stamps
    written = type(record)._base_manager.filter(pk=record.pk, version=read).update(**values)
    if not written:
        record.version = read
        current = type(record)._base_manager.filter(pk=record.pk).values_list("version", flat=True)
        raise VersionConflict.stale(current_version=current.first() or read)
    after_saved = getattr(record, "_update_initial_state", None)
    if after_saved is not None:  # django-fsm remembers the state it last saw stored
        after_saved()
    return True


def _stamped(record: models.Model, attname: str) -> bool:
    field = next(f for f in record._meta.concrete_fields if f.attname == attname)
    return bool(getattr(field, "auto_now", False))


def update_versioned(
    record: VersionedRecord, *, fields: dict[str, Any], expected_version: int | None = None
) -> bool:
    """The edit path of a record that keeps no history: from what is stored now, set only
    ``fields`` and write what changed with the next version. False when nothing changed."""
    before = edit_begins(record, expected_version=expected_version)
    for name, value in fields.items():
        setattr(record, name, value)
    return save_new_version(record, before=before)
