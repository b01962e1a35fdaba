"""docker-compose.yml cannot run here; check it against the settings it must feed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

# Loads the settings with the compose environment in a fresh interpreter.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_of_the_production_shape(compose) -> None:
    assert set(compose["services"]) == {"web", "worker", "beat", "db", "redis", "mailcatcher"}


def test_exactly_one_beat_and_it_keeps_its_schedule_out_of_the_code(compose) -> None:
    beats = [
        name for name, svc in compose["services"].items() if " beat" in str(svc.get("command", ""))
    ]
    assert beats == ["beat"]
    assert "deploy" not in compose["services"]["beat"]  # no replicas
    assert "-s /app/var/" in compose["services"]["beat"]["command"]


def test_commands(compose) -> None:
    services = compose["services"]
    assert "gunicorn config.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A config worker")


def test_app_environment_builds_valid_production_settings(compose) -> None:
    env = compose["services"]["web"]["environment"]
    for name in [
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "DEBUG",
        "ALLOWED_HOSTS",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "DEFAULT_FROM_EMAIL",
    ]:
        assert name in env, name
    for service in ["worker", "beat"]:
        assert compose["services"][service]["environment"] == env

    # The hosts and credentials it names are the other services'.
    db = compose["services"]["db"]["environment"]
    assert (
        env["DATABASE_URL"]
        == f"postgres://{db['POSTGRES_USER']}:{db['POSTGRES_PASSWORD']}@db:5432/{db['POSTGRES_DB']}"
    )
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["EMAIL_HOST"] == "mailcatcher"

    # Load the real settings module with exactly this environment.
    script = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL,"
        " settings.EMAIL_BACKEND, settings.EMAIL_PORT, settings.DEBUG)"
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in env}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **clean_env,
            **{k: str(v) for k, v in env.items()},
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "redis://redis:6379/0",
        "django.core.mail.backends.smtp.EmailBackend",
        "1025",
        "False",
    ]
