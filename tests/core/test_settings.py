"""Settings come from the environment and fail loudly on values they cannot understand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (lambda: env.env_bool("X_FLAG", False), "maybe"),
        (lambda: env.env_int("X_PORT", 25, minimum=1, maximum=65535), "twenty-five"),
        (lambda: env.env_int("X_PORT", 25, minimum=1, maximum=65535), "70000"),
        (lambda: env.env_list("X_HOSTS", []), "a.example,,b.example"),
        (lambda: env.env_url("X_URL", None, schemes={"redis"}), "http://redis:6379"),
        (lambda: env.env_email("X_FROM", "a@b.ge"), "not-an-address"),
    ],
)
def test_bad_values_raise(monkeypatch, reader, value) -> None:
    for name in ["X_FLAG", "X_PORT", "X_HOSTS", "X_URL", "X_FROM"]:
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured):
        reader()


def test_good_values_parse(monkeypatch) -> None:
    monkeypatch.setenv("X_FLAG", "Yes")
    monkeypatch.setenv("X_PORT", "587")
    monkeypatch.setenv("X_HOSTS", "a.example, b.example")
    assert env.env_bool("X_FLAG", False) is True
    assert env.env_int("X_PORT", 25) == 587
    assert env.env_list("X_HOSTS", []) == ["a.example", "b.example"]
    assert env.env_bool("X_UNSET", True) is True


def _load_settings(**overrides: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.CELERY_BROKER_URL)",
        ],
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **overrides},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"DEBUG": "perhaps", "SECRET_KEY": "k"}, "DEBUG"),
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://db/x"}, "DATABASE_URL"),
        ({"DEBUG": "true", "REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"DEBUG": "true", "EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
    ],
)
def test_start_up_fails_loudly_on_bad_configuration(overrides, complaint) -> None:
    result = _load_settings(**overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and complaint in result.stderr


def test_embedded_defaults_need_no_server(tmp_path) -> None:
    result = _load_settings(DEBUG="true", DONORFLOW_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ka", "Asia/Tbilisi", "filesystem://localhost/"]


def test_embedded_defaults_make_their_folders_in_a_var_folder_that_does_not_exist(
    tmp_path: Path,
) -> None:
    fresh = tmp_path / "not" / "there" / "yet"
    result = _load_settings(DEBUG="true", DONORFLOW_VAR_DIR=str(fresh))
    assert result.returncode == 0, result.stderr
    # Celery's filesystem broker stops at start when its folder is missing.
    assert (fresh / "celery-broker").is_dir()


def test_sqlite_takes_the_write_lock_when_a_transaction_begins_and_keeps_a_wal(
    tmp_path: Path,
) -> None:
    probe = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('PRAGMA journal_mode'); "
        "print(cursor.fetchone()[0], connection.transaction_mode)"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "true",
            "DONORFLOW_VAR_DIR": str(tmp_path),
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]
