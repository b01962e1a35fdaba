"""A whole Donorflow in one file, and back.

The archive is a gzipped tar holding ``manifest.json`` (when, which migrations, rows per model,
the data's SHA-256), ``data.json`` (every row, through Django's serializers, so it restores on
SQLite or PostgreSQL alike) and ``media/`` (uploaded documents). A restore checks the archive
before it touches anything and replaces the database in one transaction: if any row fails,
nothing changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
# Rebuilt by ``migrate`` on any database, or short-lived: not worth keeping, and a restored
# content-type table could clash with the one the target database already has.
LEFT_OUT = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]

Report = Callable[[str], None]


class BackupError(Exception):
    """The archive cannot be restored here; the message says why."""


@dataclass(frozen=True)
class Summary:
    rows: int
    files: int


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _row_counts(data: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in data:
        counts[row["model"]] = counts.get(row["model"], 0) + 1
    return dict(sorted(counts.items()))


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


def backup_write(target: Path, report: Report = lambda line: None) -> Summary:
    """Write the archive to ``target`` (through a temporary file, so a failed run leaves no
    half-written backup under the final name)."""
    report("Reading the database…")
    buffer = io.StringIO()
    call_command(
        "dumpdata",
        format="exactjson",
        exclude=LEFT_OUT,
        natural_foreign=True,
        stdout=buffer,
        verbosity=0,
    )
    data_bytes = buffer.getvalue().encode()
    rows = json.loads(data_bytes)
    media = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "migrations": _applied_migrations(),
        "rows": _row_counts(rows),
        "files": len(files),
        "data_sha256": hashlib.sha256(data_bytes).hexdigest(),
    }
    report(f"{len(rows)} rows and {len(files)} files; writing {target.name}…")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, "data.json", data_bytes)
        for path in files:
            archive.add(path, arcname=f"media/{path.relative_to(media).as_posix()}")
    partial.replace(target)
    return Summary(rows=len(rows), files=len(files))


def _read_checked(archive: tarfile.TarFile) -> tuple[dict[str, Any], bytes]:
    def member(name: str) -> bytes:
        try:
            extracted = archive.extractfile(name)
        except KeyError:
            extracted = None
        if extracted is None:
            raise BackupError(f"The archive has no {name}; it is not a Donorflow backup.")
        return extracted.read()

    manifest = json.loads(member("manifest.json"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not {FORMAT}.")
    data = member("data.json")
    if hashlib.sha256(data).hexdigest() != manifest["data_sha256"]:
        raise BackupError("The data in the archive does not match its checksum; it is damaged.")
    here = _applied_migrations()
    if manifest["migrations"] != here:
        differing = sorted(
            app
            for app in set(here) | set(manifest["migrations"])
            if here.get(app) != manifest["migrations"].get(app)
        )
        raise BackupError(
            "The backup was made at another schema version (apps: "
            f"{', '.join(differing)}). Run the same release's migrations first."
        )
    return manifest, data


def _safe_media_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for info in archive.getmembers():
        if not info.name.startswith("media/") or not info.isfile():
            continue
        relative = Path(info.name).relative_to("media")
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"The archive names a file outside the media folder: {info.name}")
        members.append(info)
    return members


def _settle_deferred_checks(mode: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS ALL {mode}")


def backup_restore(source: Path, report: Report = lambda line: None) -> Summary:
    """Replace the whole database and the uploaded files with the archive's."""
    if not source.is_file():
        raise BackupError(f"No backup at {source}.")
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{source} is not a readable backup archive ({exc}).") from exc
    with archive, tempfile.TemporaryDirectory() as work:
        try:
            manifest, data = _read_checked(archive)
            media_members = _safe_media_members(archive)
        except (tarfile.TarError, EOFError, zlib.error, ValueError, KeyError) as exc:
            raise BackupError(f"{source} is not a readable backup archive ({exc}).") from exc
        staged_media = Path(work) / "media"
        staged_media.mkdir()
        for info in media_members:
            destination = staged_media / Path(info.name).relative_to("media")
            destination.parent.mkdir(parents=True, exist_ok=True)
            extracted = archive.extractfile(info)
            assert extracted is not None
            destination.write_bytes(extracted.read())
        fixture = Path(work) / "data.exactjson"
        fixture.write_bytes(data)
        rows = sum(manifest["rows"].values())
        report(f"Replacing the database with {rows} rows from {manifest['created_at']}…")
        with transaction.atomic():
            _settle_deferred_checks(
                "IMMEDIATE"
            )  # PostgreSQL cannot empty a table with checks pending
            call_command("flush", interactive=False, verbosity=0)
            # The flush wrote the content types back under new keys: read them afresh.
            ContentType.objects.clear_cache()
            _drop_reference_rows()
            _settle_deferred_checks("DEFERRED")  # rows may refer to rows loaded after them
            call_command("loaddata", str(fixture), verbosity=0)
        report(f"Replacing the uploaded files ({len(media_members)})…")
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.rmtree(media)
        media.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged_media, media)
    return Summary(rows=rows, files=len(media_members))


def _drop_reference_rows() -> None:
    """A flush writes reference data back (the regions, on ``post_migrate``); the archive
    carries those rows too, under their own keys, and is what the database becomes."""
    for label in model_labels():
        model = apps.get_model(label)
        if model._base_manager.exists():
            model._base_manager.all().delete()


def model_labels() -> list[str]:
    """Every model a backup carries."""
    left_apps = {entry for entry in LEFT_OUT if "." not in entry}
    left_models = {entry for entry in LEFT_OUT if "." in entry}
    return sorted(
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label not in left_apps
        and model._meta.label_lower not in left_models
        and not model._meta.proxy
        and model._meta.managed
    )
