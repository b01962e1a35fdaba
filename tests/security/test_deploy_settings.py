"""Production settings: Django's deployment checks pass with no warning, and the headers that
protect a browser are sent (HSTS only over TLS, where it means something)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each test runs manage.py in a fresh interpreter.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "p" * 20 + "-production-secret-with-enough-variety-0123456789abcdef",
    "ALLOWED_HOSTS": "donorflow.example.gov.ge",
    "DONORFLOW_HTTPS": "true",
}
HOST = "donorflow.example.gov.ge"


def _manage(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(PRODUCTION, DONORFLOW_VAR_DIR=str(tmp_path), **extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks_with_no_warning(tmp_path) -> None:
    static = str(tmp_path / "static")
    collected = _manage(
        tmp_path, "collectstatic", "--no-input", "-v0", DONORFLOW_STATIC_ROOT=static
    )
    assert collected.returncode == 0, collected.stderr
    result = _manage(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", DONORFLOW_STATIC_ROOT=static
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_say_to_collect_static_files_first(tmp_path) -> None:
    result = _manage(
        tmp_path, "check", "--deploy", DONORFLOW_STATIC_ROOT=str(tmp_path / "not-collected")
    )
    assert result.returncode != 0
    assert "donorflow.E001" in result.stderr and "collectstatic --no-input" in result.stderr


def test_without_https_the_checks_say_what_is_missing(tmp_path) -> None:
    result = _manage(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", DONORFLOW_HTTPS="false"
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


# A page that needs neither a database nor collected static files.
HEADERS = """
from django.conf import settings
from django.test import Client
plain = Client().get("/api/units/", HTTP_HOST="{host}")
secure = Client().get("/api/units/", HTTP_HOST="{host}", secure=True)
print("redirect", plain.status_code, plain.get("Location"))
print("hsts", secure.get("Strict-Transport-Security"))
print("cookies-secure", settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE)
"""


def test_over_tls_browsers_are_told_to_stay_on_https(tmp_path) -> None:
    result = _manage(tmp_path, "shell", "-c", HEADERS.format(host=HOST))
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["redirect"] == f"301 https://{HOST}/api/units/", result.stderr
    assert lines["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert lines["cookies-secure"] == "True"


def test_every_page_carries_a_strict_content_security_policy(client) -> None:
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    # Plain HTTP (development, tests) gets no HSTS: it would only be ignored.
    assert "Strict-Transport-Security" not in response


def test_no_page_template_holds_inline_script_or_style() -> None:
    """What the policy would block: kept out of every template a browser renders."""
    offenders = []
    for folder in ("templates", "web/templates", "publication/templates"):
        for path in (ROOT / folder).rglob("*.html"):
            text = path.read_text()
            if (
                "style=" in text
                or "<style" in text
                or "<script>" in text
                or " on" + "click=" in text
            ):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
