"""With DEBUG off the server refuses to start, saying what to run, rather than answer 500 on
every page (no collected static files) or speak English (no compiled catalogue)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from web.readiness import serving_problems

ROOT = Path(__file__).resolve().parents[2]
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def _locale(tmp_path: Path, *, compiled: bool) -> Path:
    folder = tmp_path / "locale" / "ka" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "locale/ka/LC_MESSAGES/django.po", folder / "django.po")
    if compiled:
        (folder / "django.mo").write_bytes(b"compiled")
    return tmp_path / "locale"


def _production(settings, tmp_path: Path, *, collected: bool, compiled: bool) -> None:
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    if collected:
        (settings.STATIC_ROOT / "staticfiles.json").write_text("{}")
    settings.LOCALE_PATHS = [_locale(tmp_path, compiled=compiled)]


def test_ready_when_static_files_are_collected_and_the_catalogue_compiled(
    settings, tmp_path
) -> None:
    _production(settings, tmp_path, collected=True, compiled=True)
    assert serving_problems() == []


def test_each_missing_step_is_said_as_what_to_run(settings, tmp_path) -> None:
    _production(settings, tmp_path, collected=False, compiled=False)
    problems = serving_problems()
    assert len(problems) == 2
    assert "collectstatic" in problems[0]
    assert "compilemessages" in problems[1]


def test_a_catalogue_older_than_its_source_must_be_compiled_again(settings, tmp_path) -> None:
    _production(settings, tmp_path, collected=True, compiled=True)
    compiled = Path(settings.LOCALE_PATHS[0]) / "ka/LC_MESSAGES/django.mo"
    os.utime(compiled, (1, 1))
    assert ["compilemessages" in p for p in serving_problems()] == [True]


def test_the_wsgi_application_refuses_to_start_without_collected_static_files(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | {
        "DEBUG": "false",
        "SECRET_KEY": "readiness-check",
        "DONORFLOW_STATIC_ROOT": str(tmp_path / "empty"),
        "DONORFLOW_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Donorflow cannot serve yet" in result.stderr
    assert "python manage.py collectstatic --no-input" in result.stderr
