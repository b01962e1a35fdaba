"""The whole demo data set, and an uploaded document, survive a backup and a restore exactly;
a damaged archive, or one from another schema version, changes nothing."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import Donor, User
from projects.models import Area
from tests.backups.archives import backup, restore, snapshot
from workflow.models import Attachment, Opportunity
from workflow.services.records import attachment_add

# Backs up and restores the whole demo data set.
pytestmark = pytest.mark.slow

PDF = b"%PDF-1.7\n% a signed letter from the donor\n%%EOF\n"


@pytest.fixture
def demo(db) -> None:
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())
    opportunity = Opportunity.objects.filter(state=Opportunity.State.IDENTIFIED).first()
    assert opportunity is not None
    attachment_add(
        opportunity=opportunity,
        user=User.objects.get(username="coordinator"),
        upload=SimpleUploadedFile("წერილი.pdf", PDF),
        description="დონორის წერილი",
    )


def _rewritten(archive: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of ``archive`` with one member's content changed."""
    copy = archive.with_name(f"changed-{archive.name}")
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for info in source.getmembers():
            member_file = source.extractfile(info)
            assert member_file is not None
            content = member_file.read()
            if info.name == member:
                content = change(content)
            info.size = len(content)
            target.addfile(info, io.BytesIO(content))
    return copy


def test_the_demo_data_round_trips_exactly(demo, tmp_path) -> None:
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 500
    archive = tmp_path / "donorflow.tar.gz"
    assert "1 files" in backup(archive)

    # Everything changes after the backup: a row is added, one edited, the document lost.
    Donor.objects.create(code="later", name_ka="მოგვიანებით", name_en="Later")
    Opportunity.objects.filter(pk=Opportunity.objects.first().pk).update(title="შეცვლილი")
    attachment = Attachment.objects.get()
    attachment.file.delete(save=False)

    restore(archive)
    assert snapshot() == before
    restored = Attachment.objects.get()
    with restored.file.open("rb") as stored:
        assert stored.read() == PDF
    assert User.objects.get(username="focal").check_password("demo-pass-1")


def test_reference_rows_a_flush_writes_back_give_way_to_the_archived_ones(
    demo: None, tmp_path: Path
) -> None:
    # A region entered again after the migration has a key the flush's own copy will not get.
    tbilisi = Area.objects.get(kind="region", name_ka="თბილისი")
    projects = list(tbilisi.projects.all())
    tbilisi.delete()
    moved = Area.objects.create(kind="region", name_ka="თბილისი", name_en="Tbilisi")
    moved.projects.set(projects)
    before = snapshot()
    archive = tmp_path / "donorflow.tar.gz"
    backup(archive)

    restore(archive)
    assert snapshot() == before
    assert Area.objects.get(kind="region", name_ka="თბილისი").pk == moved.pk


def test_a_damaged_archive_changes_nothing(demo, tmp_path) -> None:
    archive = tmp_path / "donorflow.tar.gz"
    backup(archive)
    damaged = _rewritten(
        archive, "data.json", lambda data: data.replace(b'"academy"', b'"academx"', 1)
    )
    Donor.objects.create(code="after", name_ka="შემდეგ", name_en="After")
    before = snapshot()
    with pytest.raises(CommandError, match="checksum"):
        restore(damaged)
    assert snapshot() == before


def test_an_archive_from_another_schema_version_is_refused(demo, tmp_path) -> None:
    archive = tmp_path / "donorflow.tar.gz"
    backup(archive)

    def from_the_future(content: bytes) -> bytes:
        manifest = json.loads(content)
        manifest["migrations"]["workflow"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    other = _rewritten(archive, "manifest.json", from_the_future)
    with pytest.raises(CommandError, match="workflow"):
        restore(other)


def test_a_file_that_is_no_archive_is_refused_clearly(db, tmp_path) -> None:
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(gzip.compress(b"just text"))
    with pytest.raises(CommandError, match=r"not a readable backup archive|not a Donorflow"):
        restore(bogus)
    with pytest.raises(CommandError, match="No backup at"):
        restore(tmp_path / "missing.tar.gz")


def test_restore_asks_first_and_a_no_changes_nothing(demo, tmp_path, monkeypatch) -> None:
    archive = tmp_path / "donorflow.tar.gz"
    backup(archive)
    Donor.objects.create(code="kept", name_ka="დარჩება", name_en="Kept")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(archive), stdout=StringIO())
    assert Donor.objects.filter(code="kept").exists()
