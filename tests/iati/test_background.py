"""Reading in the background with the outbox's discipline: queued with the upload's commit,
claimed once, progress shown, a refusal half-way keeps nothing, and what a lost message or a
dead worker leaves is taken up again by the sweep."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.utils import timezone

from core.models import User
from iati.models import IatiImport
from iati.services import iati_import_create, iati_import_read, iati_imports_resume
from iati.tasks import read_import

pytestmark = pytest.mark.django_db


def _file(count: int, bad_at: int | None = None) -> bytes:
    activities = "".join(
        f'<iati-activity default-currency="EUR" xml:lang="en">'
        f"<iati-identifier>XM-T-{n}</iati-identifier><title><narrative>Activity {n}"
        f'</narrative></title><budget type="1"><value value-date="2026-01-01">'
        f"{'1e999' if n == bad_at else 100}</value></budget></iati-activity>"
        for n in range(count)
    )
    return f'<iati-activities version="2.03">{activities}</iati-activities>'.encode()


def _queued(user: User, data: bytes) -> IatiImport:
    return iati_import_create(user=user, file_name="f.xml", file=io.BytesIO(data))


def test_the_upload_queues_one_read_after_its_commit(
    coordinator: User,
    django_capture_on_commit_callbacks,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    sent: list[int] = []
    monkeypatch.setattr(read_import, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        batch = _queued(coordinator, _file(3))
        assert sent == []  # nothing leaves before the commit
    assert sent == [batch.pk]
    assert batch.status == IatiImport.Status.QUEUED and batch.size == len(_file(3))


def test_an_import_is_read_once_and_its_file_is_not_kept(coordinator: User) -> None:
    batch = _queued(coordinator, _file(450))
    stored = batch.file.name
    assert batch.file.storage.exists(stored)
    iati_import_read(import_id=batch.pk)
    iati_import_read(import_id=batch.pk)  # a message delivered twice reads nothing twice
    batch.refresh_from_db()
    assert batch.status == IatiImport.Status.READY and batch.attempts == 1
    assert batch.activities_read == batch.rows.count() == 450
    assert batch.percent_read == 100 and batch.finished_at is not None
    assert not batch.file and not batch.file.storage.exists(stored)


def test_progress_is_recorded_while_reading(coordinator: User, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from iati import services

    seen: list[tuple[int, int]] = []
    heard = services._heard

    def spy(batch, stream, bytes_read):  # type: ignore[no-untyped-def]
        heard(batch, stream, bytes_read)
        row = IatiImport.objects.get(pk=batch.pk)
        seen.append((row.bytes_read, row.activities_read))

    monkeypatch.setattr(services, "_heard", spy)
    data = _file(1000)
    batch = _queued(coordinator, data)
    iati_import_read(import_id=batch.pk)
    assert [n for _bytes, n in seen] == [200, 400, 600, 800, 1000]
    assert all(0 < b <= len(data) for b, _n in seen)
    assert [b for b, _n in seen] == sorted(b for b, _n in seen)


def test_a_file_refused_half_way_keeps_none_of_its_rows(coordinator: User) -> None:
    batch = _queued(coordinator, _file(2500, bad_at=2200))
    iati_import_read(import_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == IatiImport.Status.REFUSED
    assert "XM-T-2200" in batch.refusal and "ბიუჯეტი" in batch.refusal
    assert not batch.rows.exists() and not batch.file


def test_the_sweep_takes_up_what_a_lost_message_or_a_dead_worker_left(
    coordinator: User,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.DONORFLOW_IATI_READ_ATTEMPTS = 2
    lost = _queued(coordinator, _file(2))
    assert iati_imports_resume() == []  # just queued: its message is surely on its way
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert iati_imports_resume(now=later) == [lost.pk]

    dead = _queued(coordinator, _file(2))
    IatiImport.objects.filter(pk=dead.pk).update(
        status=IatiImport.Status.READING, heard_at=timezone.now(), attempts=1
    )
    assert dead.pk not in iati_imports_resume(now=later)  # still heard of recently
    stale = timezone.now() + datetime.timedelta(
        seconds=settings.DONORFLOW_IATI_READ_STALE_SECONDS + 1
    )
    assert dead.pk in iati_imports_resume(now=stale)
    with time_machine.travel(stale):
        iati_import_read(import_id=dead.pk)
    dead.refresh_from_db()
    assert dead.status == IatiImport.Status.READY and dead.rows.count() == 2

    gone = _queued(coordinator, _file(2))
    IatiImport.objects.filter(pk=gone.pk).update(
        status=IatiImport.Status.READING, heard_at=timezone.now(), attempts=2
    )
    assert gone.pk not in iati_imports_resume(now=stale)
    gone.refresh_from_db()
    assert gone.status == IatiImport.Status.REFUSED and gone.refusal


def test_a_file_over_the_iati_limit_is_refused_before_it_is_kept(
    coordinator: User,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    from core.errors import ActionBlocked

    settings.DONORFLOW_IATI_UPLOAD_MAX_MB = 1
    with pytest.raises(ActionBlocked, match="1"):
        _queued(coordinator, b" " * (1024 * 1024 + 1))
    assert not IatiImport.objects.exists()


def test_iati_files_have_a_limit_of_their_own(settings) -> None:  # type: ignore[no-untyped-def]
    assert settings.DONORFLOW_IATI_UPLOAD_MAX_MB >= 100 > settings.DONORFLOW_UPLOAD_MAX_MB
