"""Importing an existing register from a file: a dry run that reports row by row what would
be created, updated or refused, then the import itself. Both run every row through the
register's own services; the dry run rolls everything back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ActionBlocked, ActionForbidden, DomainError, StateConflict
from core.models import User
from imports.models import ImportBatch
from imports.permissions import can_import_registers
from imports.readers import read_table
from imports.registers import REGISTERS, RowRefused

ERROR = "error"
Progress = Callable[[int, int], None]


def _may_import(user: User) -> None:
    if not can_import_registers(user):
        raise ActionForbidden(_("Only the department's coordinators import registers."))


def _run(
    batch: ImportBatch, user: User, *, write: bool, progress: Progress | None = None
) -> dict[str, Any]:
    """Every row in its own savepoint; the whole file rolls back on a dry run, and on a real
    run with refused rows unless only the valid rows were asked for."""
    register = REGISTERS[batch.register]
    table = read_table(batch.file_name, bytes(batch.content), header_score=register.header_score)
    known, ignored = register.column_for(table.headers)
    missing = register.missing(known)
    if missing:
        messages = [
            _("The file lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        ]
        # A required column is most often there under a misspelt header: name it.
        for header in ignored:
            nearest = register.nearest(header)
            if nearest:
                messages.append(
                    _(
                        "Column “%(header)s” (nearest known column: “%(nearest)s”) is not recognised."
                    )
                    % {"header": header, "nearest": nearest}
                )
        raise ActionBlocked(*messages)
    rows = []
    with transaction.atomic():
        for done, (line, cells_by_header) in enumerate(table.rows, start=1):
            if register.is_example(cells_by_header, known):
                continue  # the blank file's example row, left in
            row: dict[str, Any] = {
                "line": line,
                "label": register.describe(cells_by_header, known),
                "messages": [],
            }
            try:
                with transaction.atomic():
                    row["outcome"] = register.save(register.parse(cells_by_header, known), user)
            except RowRefused as refusal:
                row.update(outcome=ERROR, messages=refusal.messages)
            except DomainError as refusal:
                row.update(outcome=ERROR, messages=list(refusal.messages))
            rows.append(row)
            if progress:
                progress(done, len(table.rows))
        counts = Counter(row["outcome"] for row in rows)
        written = write and (not counts[ERROR] or batch.valid_rows_only)
        if not written:
            transaction.set_rollback(True)
    return {
        "rows": rows,
        "counts": dict(counts),
        "ignored_columns": ignored,
        # Shown first in the dry run: a column not recognised is one whose cells are dropped.
        "unknown_columns": [
            {"header": header, "nearest": register.nearest(header)} for header in ignored
        ],
        "header_line": table.header_line,
        "written": written,
    }


def _limit() -> int:
    return settings.DONORFLOW_UPLOAD_MAX_MB * 1024 * 1024


def refuse_oversized(content: bytes) -> None:
    limit = _limit()
    if len(content) > limit:
        raise ActionBlocked(
            _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}
        )


def read_upload(upload: IO[bytes]) -> bytes:
    """At most one byte over the limit, so an oversized upload is refused without being
    read into memory whole."""
    return upload.read(_limit() + 1)


def import_check(
    *, user: User, register: str, file_name: str, content: bytes, progress: Progress | None = None
) -> ImportBatch:
    """Keep the file and its dry-run report; nothing in the registers changes."""
    _may_import(user)
    if register not in REGISTERS:
        raise ActionBlocked(_("Choose which register the file holds."))
    refuse_oversized(content)
    batch = ImportBatch(register=register, file_name=file_name, content=content, uploaded_by=user)
    batch.check_report = _run(batch, user, write=False, progress=progress)
    batch.save()
    return batch


@transaction.atomic
def import_apply(
    *, batch: ImportBatch, user: User, valid_rows_only: bool, progress: Progress | None = None
) -> ImportBatch:
    """Import a checked file. A file with refused rows writes nothing unless the user chose
    to import only the valid rows."""
    _may_import(user)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state == ImportBatch.State.IMPORTED:
        raise StateConflict(_("This file has already been imported."))
    batch.valid_rows_only = valid_rows_only
    report = _run(batch, user, write=True, progress=progress)
    if not report["written"]:
        raise ActionBlocked(
            _(
                "Nothing was imported: %(count)s rows are refused. Correct the file, or choose "
                "to import only the valid rows."
            )
            % {"count": report["counts"].get(ERROR, 0)}
        )
    batch.import_report = report
    batch.state = ImportBatch.State.IMPORTED
    batch.imported_at = timezone.now()
    batch.save()
    return batch
