"""A donor's IATI file read in the background, with the outbox's discipline.

1. The upload keeps the file and an import row ``queued`` in one transaction; the task is sent
   on commit, with the id only.
2. A worker claims the row by a conditional UPDATE (``queued`` → ``reading``, attempt n). Every
   later write of that worker — progress, each batch of rows, the end — holds only while the row
   is still ``reading`` at attempt n: a worker the sweep gave up on stops at its next write
   instead of mixing its rows with another's.
3. A refusal, whoever makes it, leaves no rows and no file: an import is whole or empty.
4. Beat's sweep queues again an import whose message was lost or whose worker stopped, and
   refuses it, with the reason, after a few attempts.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from core.errors import ActionBlocked, ActionForbidden
from core.models import User
from iati import export
from iati.models import IatiActivity, IatiImport
from iati.permissions import can_import_iati
from iati.reader import ActivityStream, peek_root

logger = logging.getLogger(__name__)

SCHEMA_PROBLEMS_KEPT = 20
# The schema is checked on the file's first activities: a publisher's file is written by one
# program, so what is wrong in one activity is wrong in the next, and checking ten thousand
# would cost a fifth of the reading.
SCHEMA_CHECKED_ACTIVITIES = 200
ROWS_PER_INSERT = 1000
# Progress is written this often at most (it is also the heartbeat the sweep watches).
PROGRESS_SECONDS = 2.0
# Attributes a d-portal or Datastore download adds to each activity; the schema knows none of
# them, and a problem listed for each of thousands of activities would hide the real ones.
DOWNLOAD_ATTRIBUTES = ("version", "dataset", "generated-datetime")


class ClaimLost(Exception):
    """The sweep gave this worker's import to another attempt, or refused it."""


def may_import(user: User) -> None:
    if not can_import_iati(user):
        raise ActionForbidden(_("Only the department's coordinators import IATI files."))


def size_limit() -> int:
    return int(settings.DONORFLOW_IATI_UPLOAD_MAX_MB) * 1024 * 1024


def _too_large() -> ActionBlocked:
    return ActionBlocked(
        _("The file is larger than the limit for IATI files, %(limit)s.")
        % {"limit": filesizeformat(size_limit())}
    )


def refuse_declared_size(content_length: str | None) -> None:
    """Refuse an upload by the size its request declares, before a byte of it is read."""
    text = content_length or ""
    declared = int(text) if text.isascii() and text.isdigit() else 0
    # The form around the file adds a few hundred bytes at most.
    if declared > size_limit() + 64 * 1024:
        raise _too_large()


def iati_import_create(*, user: User, file_name: str, file: IO[bytes]) -> IatiImport:
    """Keep the file and queue it for reading. What its first tag already shows (no XML, no
    IATI activities file, a DTD, version 1.0x) is refused now; the rest is read in the
    background, in the language of the person who uploaded it."""
    may_import(user)
    file.seek(0, 2)
    size = file.tell()
    if size > size_limit():
        raise _too_large()
    file.seek(0)
    peek_root(file)
    file.seek(0)
    batch = IatiImport(
        created_by=user,
        file_name=file_name[:255],
        size=size,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    # Stored before the row: a file of a hundred megabytes is not copied inside a transaction.
    batch.file.save("activities.xml", File(file), save=False)
    try:
        with transaction.atomic():
            batch.save()
            transaction.on_commit(lambda: _queue(batch.pk))
    except BaseException:
        batch.file.delete(save=False)
        raise
    return batch


def _queue(import_id: int) -> None:
    from iati.tasks import read_import  # the task module imports this one

    read_import.delay(import_id)


class _Claim:
    """The worker's hold on an import: attempt ``attempt`` while it is ``reading``."""

    def __init__(self, batch: IatiImport) -> None:
        self.batch = batch
        self.rows = IatiImport.objects.filter(
            pk=batch.pk, status=IatiImport.Status.READING, attempts=batch.attempts
        )
        self.last_progress = time.monotonic()

    def write(self, **fields: Any) -> None:
        """Write ``fields`` (and the heartbeat) while the claim holds; else stop reading."""
        if not self.rows.update(heard_at=timezone.now(), **fields):
            raise ClaimLost

    def progress(self, stream: ActivityStream, bytes_read: int) -> None:
        if time.monotonic() - self.last_progress >= PROGRESS_SECONDS:
            self.last_progress = time.monotonic()
            self.write(bytes_read=bytes_read, activities_read=stream.activities)


def _schema_check(checker: etree.XMLSchema, problems: list[str]) -> Any:
    checked = [0]
    seen: set[str] = set()

    def check(element: etree._Element) -> None:
        checked[0] += 1
        if len(problems) >= SCHEMA_PROBLEMS_KEPT or checked[0] > SCHEMA_CHECKED_ACTIVITIES:
            return
        for name in DOWNLOAD_ATTRIBUTES:
            element.attrib.pop(name, None)
        if not checker.validate(element):
            for error in checker.error_log:
                # The same fault in activity after activity is said once, at its first line.
                if error.message not in seen:
                    seen.add(error.message)
                    problems.append(f"{error.line}: {error.message}")
            del problems[SCHEMA_PROBLEMS_KEPT:]

    return check


def _read(claim: _Claim) -> tuple[int, list[str], list[str]]:
    """Stream the file into activity rows, a thousand at a time, each batch written in the
    same transaction as a check that the claim still holds."""
    batch = claim.batch
    schema_problems: list[str] = []
    with batch.file.open("rb") as file:
        stream = ActivityStream(
            file,
            progress=lambda n: claim.progress(stream, n),
            check=_schema_check(export.schema(), schema_problems),
        )
        rows: list[dict[str, Any]] = []
        for position, record in enumerate(stream):
            rows.append(IatiActivity.columns(batch, position, record))
            if len(rows) >= ROWS_PER_INSERT:
                _insert(claim, rows, stream)
                rows = []
        _insert(claim, rows, stream)
    return stream.activities, stream.problems, schema_problems


@transaction.atomic
def _insert(claim: _Claim, rows: list[dict[str, Any]], stream: ActivityStream) -> None:
    """Rows by COPY on PostgreSQL: Django's bulk INSERT binds them as arrays that psycopg
    quotes in Python, which took longer than reading the file."""
    claim.write(activities_read=stream.activities)  # locks the row until the rows are in
    if not rows:
        return
    if connection.vendor != "postgresql":
        IatiActivity.objects.bulk_create(IatiActivity(**row) for row in rows)
        return
    names = list(rows[0])
    table = connection.ops.quote_name(IatiActivity._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in names)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(  # type: ignore[attr-defined]
            f"COPY {table} ({columns}) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            copy.write_row([json.dumps(row[n]) if n == "data" else row[n] for n in names])


def _empty(batch: IatiImport) -> None:
    """Remove what a refused reading leaves, its rows and (once committed) its file."""
    IatiActivity.objects.filter(iati_import=batch).delete()
    if batch.file:
        name, storage = str(batch.file.name), batch.file.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def _finish(claim: _Claim, **fields: Any) -> None:
    if fields.get("status") == IatiImport.Status.REFUSED:
        fields |= {"activities_read": 0, "problems": [], "schema_problems": []}
    claim.write(finished_at=timezone.now(), file="", **fields)
    if fields.get("status") == IatiImport.Status.REFUSED:
        _empty(claim.batch)
    elif claim.batch.file:
        name, storage = str(claim.batch.file.name), claim.batch.file.storage
        transaction.on_commit(lambda: storage.delete(name))


def _claim(import_id: int) -> _Claim | None:
    claimed = IatiImport.objects.filter(pk=import_id, status=IatiImport.Status.QUEUED).update(
        status=IatiImport.Status.READING,
        heard_at=timezone.now(),
        attempts=F("attempts") + 1,
        bytes_read=0,
        activities_read=0,
    )
    if not claimed:
        return None
    claim = _Claim(IatiImport.objects.get(pk=import_id))
    IatiActivity.objects.filter(iati_import=claim.batch).delete()  # a dead reader's rows
    return claim


def iati_import_read(*, import_id: int) -> None:
    """Read a queued import, once (see the module's steps). A file refused half-way keeps none
    of its rows; an error no refusal foresaw is logged and the import queued again, and after
    the last attempt refused with that error."""
    claim = _claim(import_id)
    if claim is None:
        return
    batch = claim.batch
    with translation.override(batch.language):
        try:
            count, problems, schema_problems = _read(claim)
            _finish(
                claim,
                status=IatiImport.Status.READY,
                activities_read=count,
                bytes_read=batch.size,
                problems=problems,
                schema_problems=schema_problems,
            )
        except ClaimLost:
            logger.warning("IATI import %s: given up by the sweep; this reading stops", batch.pk)
        except ActionBlocked as refusal:
            _refuse(claim, " ".join(refusal.messages))
        except Exception as error:
            logger.exception("IATI import %s could not be read", batch.pk)
            if batch.attempts >= settings.DONORFLOW_IATI_READ_ATTEMPTS:
                _refuse(
                    claim,
                    _("The file could not be read (%(error)s). Upload it again.")
                    % {"error": f"{type(error).__name__}: {error}"[:300]},
                )
            else:
                IatiActivity.objects.filter(iati_import=batch).delete()
                claim.rows.update(status=IatiImport.Status.QUEUED)


def _refuse(claim: _Claim, reason: str) -> None:
    try:
        _finish(claim, status=IatiImport.Status.REFUSED, refusal=reason)
    except ClaimLost:
        logger.warning("IATI import %s: given up by the sweep before its refusal", claim.batch.pk)


def iati_imports_resume(*, now: datetime.datetime | None = None) -> list[int]:
    """Queue again what a lost message or a dead worker left: a queued import nobody took up,
    and a reading import not heard of for a while — refused, emptied, after the last attempt.
    Returns the imports to send to a worker; reading is idempotent, so a second message does no
    harm."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.DONORFLOW_IATI_READ_STALE_SECONDS)
    abandoned = IatiImport.objects.filter(status=IatiImport.Status.READING, heard_at__lt=stale)
    for batch in abandoned.filter(attempts__gte=settings.DONORFLOW_IATI_READ_ATTEMPTS):
        with transaction.atomic(), translation.override(batch.language):
            refused = abandoned.filter(pk=batch.pk, attempts=batch.attempts).update(
                status=IatiImport.Status.REFUSED,
                finished_at=now,
                file="",
                activities_read=0,
                refusal=_(
                    "The file could not be read: the reading stopped several times."
                    " Upload it again."
                ),
            )
            if refused:
                _empty(batch)
    abandoned.update(status=IatiImport.Status.QUEUED)
    waiting = now - datetime.timedelta(seconds=60)
    return list(
        IatiImport.objects.filter(
            status=IatiImport.Status.QUEUED, created_at__lt=waiting
        ).values_list("pk", flat=True)
    )
