"""Production serves hashed static files from a manifest; collecting them must succeed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Runs collectstatic in a fresh interpreter.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def test_production_collectstatic_builds_a_manifest_with_every_asset(tmp_path) -> None:
    # The manifest storage follows every url() and source-map reference and fails on a broken one.
    script = (
        "import django, sys; from django.conf import settings; django.setup(); "
        f"settings.STATIC_ROOT = {str(tmp_path / 'static')!r}; "
        "from django.core.management import call_command; "
        "call_command('collectstatic', '--no-input', '-v0')"
    )
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": "collectstatic-check",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DONORFLOW_VAR_DIR": str(tmp_path / "var"),
    }
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=120)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    for asset in (
        "web/app.css",
        "web/fonts.css",
        "web/vendor/htmx-2.0.4.min.js",
        "admin/css/base.css",
    ):
        assert asset in manifest, asset
    assert (ROOT / "Dockerfile").read_text().count(
        "DEBUG=false python manage.py collectstatic"
    ) == 1
