"""Reading in the background with the outbox's discipline: queued with the upload's commit,
claimed once, progress shown, a refusal half-way keeps nothing, and what a lost message or a
dead worker leaves is taken up again by the sweep."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.utils import timezone, translation

from core.models import User
from iati import reading
from iati.models import IatiActivity, IatiImport
from iati.reading import iati_import_create, iati_import_read, iati_imports_resume
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
    monkeypatch,
) -> None:
    sent: list[int] = []
    monkeypatch.setattr(read_import, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        batch = _queued(coordinator, _file(3))
        assert sent == []  # nothing leaves before the commit
    assert sent == [batch.pk]
    assert batch.status == IatiImport.Status.QUEUED and batch.size == len(_file(3))


def test_an_import_is_read_once_and_its_file_is_not_kept(
    coordinator: User,
    django_capture_on_commit_callbacks,
) -> None:
    batch = _queued(coordinator, _file(450))
    stored = batch.file.name
    assert stored is not None
    assert batch.file.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        iati_import_read(import_id=batch.pk)
        iati_import_read(import_id=batch.pk)  # a message delivered twice reads nothing twice
    batch.refresh_from_db()
    assert batch.status == IatiImport.Status.READY and batch.attempts == 1
    assert batch.activities_read == batch.rows.count() == 450
    assert batch.percent_read == 100 and batch.finished_at is not None
    assert not batch.file and not batch.file.storage.exists(stored)


def test_progress_is_recorded_while_reading(coordinator: User, monkeypatch) -> None:
    monkeypatch.setattr(reading, "PROGRESS_SECONDS", 0)
    seen: list[tuple[int, int]] = []
    write = reading._Claim.write

    def spy(claim, **fields):
        write(claim, **fields)
        if "bytes_read" in fields and "status" not in fields:
            row = IatiImport.objects.get(pk=claim.batch.pk)
            seen.append((row.bytes_read, row.activities_read))

    monkeypatch.setattr(reading._Claim, "write", spy)
    data = _file(300)
    batch = _queued(coordinator, data)
    iati_import_read(import_id=batch.pk)
    assert [n for _bytes, n in seen] == list(range(1, 301))
    assert all(0 < b <= len(data) for b, _n in seen)
    assert [b for b, _n in seen] == sorted(b for b, _n in seen)


def test_a_reader_given_up_on_stops_and_mixes_nothing_into_the_next_reading(
    coordinator: User,
    monkeypatch,
) -> None:
    """The sweep queued the import again while its first reader was slow; a second worker read
    it whole. The first reader's next write finds the claim gone and it stops."""
    monkeypatch.setattr(reading, "PROGRESS_SECONDS", 0)
    batch = _queued(coordinator, _file(2500))
    progress = reading._Claim.progress
    second: list[int] = []

    def slow_first(claim, stream, bytes_read):
        if stream.activities == 1200 and not second:
            IatiImport.objects.filter(pk=claim.batch.pk).update(status=IatiImport.Status.QUEUED)
            second.append(claim.batch.attempts)
            iati_import_read(import_id=claim.batch.pk)  # the second worker
        progress(claim, stream, bytes_read)

    monkeypatch.setattr(reading._Claim, "progress", slow_first)
    iati_import_read(import_id=batch.pk)
    batch.refresh_from_db()
    assert second == [1] and batch.attempts == 2
    assert batch.status == IatiImport.Status.READY
    positions = list(batch.rows.order_by("position").values_list("position", flat=True))
    assert positions == list(range(2500)) == list(range(batch.activities_read))


def test_an_error_no_refusal_foresaw_is_tried_again_then_refused_with_it(
    coordinator: User,
    monkeypatch,
    settings,
) -> None:
    settings.DONORFLOW_IATI_READ_ATTEMPTS = 2
    columns = IatiActivity.columns
    calls = [0]

    def failing(*args):
        calls[0] += 1
        if calls[0] % 1500 == 0:
            raise OSError("disk gone")
        return columns(*args)

    monkeypatch.setattr(IatiActivity, "columns", staticmethod(failing))
    batch = _queued(coordinator, _file(2000))
    iati_import_read(import_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == IatiImport.Status.QUEUED and not batch.rows.exists()
    iati_import_read(import_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == IatiImport.Status.REFUSED and batch.attempts == 2
    assert "OSError: disk gone" in batch.refusal and not batch.rows.exists()


def test_reasons_are_written_in_the_uploaders_language(coordinator: User) -> None:
    with translation.override("en"):
        batch = _queued(coordinator, _file(3, bad_at=1))
    iati_import_read(import_id=batch.pk)
    batch.refresh_from_db()
    assert batch.language == "en" and "Activity XM-T-1: the budget" in batch.refusal


def test_a_file_refused_half_way_keeps_none_of_its_rows(coordinator: User) -> None:
    batch = _queued(coordinator, _file(2500, bad_at=2200))
    iati_import_read(import_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == IatiImport.Status.REFUSED
    assert "XM-T-2200" in batch.refusal and "ბიუჯეტი" in batch.refusal
    assert not batch.rows.exists() and not batch.file


def test_the_sweep_takes_up_what_a_lost_message_or_a_dead_worker_left(
    coordinator: User,
    settings,
    django_capture_on_commit_callbacks,
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
    IatiActivity.objects.create(iati_import=gone, position=0, identifier="XM-T-0", data={})
    stored = gone.file.name
    assert stored is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert gone.pk not in iati_imports_resume(now=stale)
    gone.refresh_from_db()
    assert gone.status == IatiImport.Status.REFUSED and gone.refusal
    assert not gone.rows.exists() and not gone.file and not gone.file.storage.exists(stored)


def test_a_file_over_the_iati_limit_is_refused_before_it_is_kept(
    coordinator: User,
    settings,
) -> None:
    from core.errors import ActionBlocked

    settings.DONORFLOW_IATI_UPLOAD_MAX_MB = 1
    with pytest.raises(ActionBlocked, match="1"):
        _queued(coordinator, b" " * (1024 * 1024 + 1))
    assert not IatiImport.objects.exists()


def test_iati_files_have_a_limit_of_their_own(settings) -> None:
    assert settings.DONORFLOW_IATI_UPLOAD_MAX_MB >= 100 > settings.DONORFLOW_UPLOAD_MAX_MB
