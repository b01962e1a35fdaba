"""Reading a donor's IATI file into the register: the file is kept and read in the background,
new activities become opportunities, known ones are reconciled field by field. Nothing is
created twice, however often a file is read."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from core.errors import ActionBlocked, ActionForbidden
from core.models import Donor, OrganisationalUnit, User
from iati import export, selectors
from iati.matching import PROJECT_FIELDS
from iati.models import IatiActivity, IatiImport
from iati.reader import ActivityStream, peek_root
from projects import permissions as project_may
from projects.models import Project
from projects.services.projects import ProjectFields, project_update
from workflow.models import Opportunity
from workflow.services.opportunities import OpportunityFields, opportunity_create

logger = logging.getLogger(__name__)

SCHEMA_PROBLEMS_KEPT = 20
# The schema is checked on the file's first activities: a publisher's file is written by one
# program, so what is wrong in one activity is wrong in the next, and checking ten thousand
# would cost a fifth of the reading.
SCHEMA_CHECKED_ACTIVITIES = 200
ROWS_PER_INSERT = 1000
# Attributes a d-portal or Datastore download adds to each activity; the schema knows none of
# them, and a problem listed for each of thousands of activities would hide the real ones.
DOWNLOAD_ATTRIBUTES = ("version", "dataset", "generated-datetime")


def _may_import(user: User) -> None:
    if not project_may.can_keep_register(user):
        raise ActionForbidden(_("Only the department's coordinators import IATI files."))


def size_limit() -> int:
    return int(settings.DONORFLOW_IATI_UPLOAD_MAX_MB) * 1024 * 1024


def iati_import_create(*, user: User, file_name: str, file: IO[bytes]) -> IatiImport:
    """Keep the file and queue it for reading. What its first tag already shows (no XML, no
    IATI activities file, a DTD, version 1.0x) is refused now; the rest is read in the
    background, where a file of a hundred megabytes takes its time."""
    _may_import(user)
    file.seek(0, 2)
    size = file.tell()
    if size > size_limit():
        raise ActionBlocked(
            _("The file is larger than the limit for IATI files, %(limit)s.")
            % {"limit": filesizeformat(size_limit())}
        )
    file.seek(0)
    peek_root(file)
    file.seek(0)
    name = file_name[:255]
    batch = IatiImport(created_by=user, file_name=name, size=size)
    batch.file.save("activities.xml", File(file), save=False)
    with transaction.atomic():
        batch.save()
        transaction.on_commit(lambda: _queue(batch.pk))
    return batch


def _queue(import_id: int) -> None:
    from iati.tasks import read_import  # the task module imports these services

    read_import.delay(import_id)


def _heard(batch: IatiImport, stream: ActivityStream, bytes_read: int) -> None:
    IatiImport.objects.filter(pk=batch.pk, status=IatiImport.Status.READING).update(
        bytes_read=bytes_read, activities_read=stream.activities, heard_at=timezone.now()
    )


def _schema_check(checker: etree.XMLSchema, problems: list[str]) -> Any:
    checked = [0]

    def check(element: etree._Element) -> None:
        checked[0] += 1
        if len(problems) >= SCHEMA_PROBLEMS_KEPT or checked[0] > SCHEMA_CHECKED_ACTIVITIES:
            return
        for name in DOWNLOAD_ATTRIBUTES:
            element.attrib.pop(name, None)
        if not checker.validate(element):
            problems.extend(f"{e.line}: {e.message}" for e in checker.error_log)
            del problems[SCHEMA_PROBLEMS_KEPT:]

    return check


def _read(batch: IatiImport) -> tuple[int, list[str], list[str]]:
    """Stream the file into activity rows, in inserts of a thousand."""
    schema_problems: list[str] = []
    with batch.file.open("rb") as file:
        stream = ActivityStream(
            file,
            progress=lambda n: _heard(batch, stream, n),
            check=_schema_check(export.schema(), schema_problems),
        )
        rows: list[dict[str, Any]] = []
        for position, record in enumerate(stream):
            rows.append(IatiActivity.columns(batch, position, record))
            if len(rows) >= ROWS_PER_INSERT:
                _insert(rows)
                rows = []
        _insert(rows)
    return stream.activities, stream.problems, schema_problems


def _insert(rows: list[dict[str, Any]]) -> None:
    """Rows by COPY on PostgreSQL: Django's bulk INSERT binds them as arrays that psycopg
    quotes in Python, which took longer than reading the file."""
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


def _finish(batch: IatiImport, **fields: Any) -> bool:
    finished = IatiImport.objects.filter(pk=batch.pk, status=IatiImport.Status.READING).update(
        finished_at=timezone.now(), heard_at=timezone.now(), **fields
    )
    if finished and batch.file:
        batch.file.delete(save=False)
        IatiImport.objects.filter(pk=batch.pk).update(file="")
    return bool(finished)


def iati_import_read(*, import_id: int) -> None:
    """Read a queued import, once: a worker claims it by a conditional UPDATE, so a message
    delivered twice, or a sweep that queues it again, reads nothing twice. A file refused
    half-way keeps none of its rows."""
    claimed = IatiImport.objects.filter(pk=import_id, status=IatiImport.Status.QUEUED).update(
        status=IatiImport.Status.READING,
        heard_at=timezone.now(),
        attempts=F("attempts") + 1,
        bytes_read=0,
        activities_read=0,
    )
    if not claimed:
        return
    batch = IatiImport.objects.get(pk=import_id)
    batch.rows.all().delete()  # what a reader that died left behind
    try:
        count, problems, schema_problems = _read(batch)
    except ActionBlocked as refusal:
        batch.rows.all().delete()
        _finish(batch, status=IatiImport.Status.REFUSED, refusal=" ".join(refusal.messages))
        return
    _finish(
        batch,
        status=IatiImport.Status.READY,
        activities_read=count,
        bytes_read=batch.size,
        problems=problems,
        schema_problems=schema_problems,
    )


def iati_imports_resume(*, now: datetime.datetime | None = None) -> list[int]:
    """Queue again what a lost message or a dead worker left: a queued import nobody took up,
    and a reading import not heard of for a while (refused after a few attempts). Returns the
    imports to send to a worker; reading is idempotent, so a second message does no harm."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.DONORFLOW_IATI_READ_STALE_SECONDS)
    abandoned = IatiImport.objects.filter(status=IatiImport.Status.READING, heard_at__lt=stale)
    abandoned.filter(attempts__gte=settings.DONORFLOW_IATI_READ_ATTEMPTS).update(
        status=IatiImport.Status.REFUSED,
        finished_at=now,
        refusal=_(
            "The file could not be read: the reading stopped several times. Upload it again."
        ),
    )
    abandoned.update(status=IatiImport.Status.QUEUED)
    waiting = now - datetime.timedelta(seconds=60)
    return list(
        IatiImport.objects.filter(
            status=IatiImport.Status.QUEUED, created_at__lt=waiting
        ).values_list("pk", flat=True)
    )


def _adopt_one(
    *,
    iati_import: IatiImport,
    identifier: str,
    user: User,
    owning_unit: OrganisationalUnit,
    donor: Donor | None,
    guess: selectors.DonorGuess,
    kind: str,
) -> Opportunity:
    activity = iati_import.record(identifier)
    if activity is None:
        raise ActionBlocked(_("The file has no activity %(id)s.") % {"id": identifier})
    if selectors.held(identifier):
        raise ActionBlocked(
            _("The activity %(id)s is already in the register.") % {"id": identifier}
        )
    donor = donor or guess(
        activity.funder_ref or activity.reporting_org_ref, activity.funder or activity.reporting_org
    )
    if donor is None:
        raise ActionBlocked(
            _("Choose the donor of %(id)s: none in the directory matches the file.")
            % {"id": identifier}
        )
    fields: OpportunityFields = {
        "title": (activity.title_ka or activity.title or identifier)[:300],
        "iati_identifier": identifier,
        "description": activity.description,
        "kind": kind,
        "donor": donor,
        "owning_unit": owning_unit,
    }
    money = activity.budget or activity.committed
    if len(money) == 1:
        ((currency, amount),) = money.items()
        fields["currency"] = currency
        fields["estimated_value"] = Decimal(amount)
    return opportunity_create(user=user, fields=fields)


@transaction.atomic
def iati_activities_adopt(
    *,
    iati_import: IatiImport,
    identifiers: Iterable[str],
    user: User,
    owning_unit: OrganisationalUnit,
    donor: Donor | None = None,
    kind: str,
) -> list[Opportunity]:
    """Register activities of the file as new opportunities (identified), all or none: one that
    cannot be registered refuses the whole choice, with its identifier in the reason. Without a
    donor chosen, each takes the directory's donor its activity names."""
    _may_import(user)
    if iati_import.status != IatiImport.Status.READY:
        raise ActionBlocked(
            _("The file is not read yet; its activities can be registered once it is.")
        )
    chosen = list(dict.fromkeys(i for i in identifiers if i))
    if not chosen:
        raise ActionBlocked(_("Choose at least one activity to register."))
    if len(chosen) > settings.DONORFLOW_IATI_ADOPT_MAX:
        raise ActionBlocked(
            _("At most %(count)d activities are registered at once.")
            % {"count": settings.DONORFLOW_IATI_ADOPT_MAX}
        )
    guess = selectors.DonorGuess()
    return [
        _adopt_one(
            iati_import=iati_import,
            identifier=identifier,
            user=user,
            owning_unit=owning_unit,
            donor=donor,
            guess=guess,
            kind=kind,
        )
        for identifier in chosen
    ]


def _value(name: str, text: str) -> Any:
    if name.endswith(("_start", "_end")):
        return datetime.date.fromisoformat(text)
    return text


def iati_project_reconcile(
    *, iati_import: IatiImport, identifier: str, user: User, take: list[str]
) -> Project:
    """Take the file's values of the fields named in ``take`` into the matched project."""
    _may_import(user)
    activity = iati_import.record(identifier)
    project = Project.objects.filter(iati_identifier=identifier).first()
    if activity is None or project is None:
        raise ActionBlocked(_("No project in the register matches %(id)s.") % {"id": identifier})
    allowed = {name for name, _label in PROJECT_FIELDS}
    fields: dict[str, Any] = {}
    for name in take:
        text = getattr(activity, name, "") if name in allowed else ""
        if text:
            try:
                fields[name] = _value(name, text)
            except ValueError as exc:
                raise ActionBlocked(
                    _("The file's %(field)s is not a date: %(value)s")
                    % {"field": name, "value": text}
                ) from exc
    if not fields:
        raise ActionBlocked(_("Choose at least one value to take from the file."))
    typed: ProjectFields = fields  # type: ignore[assignment]
    return project_update(project=project, user=user, fields=typed)
