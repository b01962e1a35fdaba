"""Schemathesis against the live API, every check on: no server error, no answer outside the
schema, no schema-breaking input accepted, and signed-out calls refused (see schemathesis.toml
for the one widened expectation)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from core.models import User

ROOT = Path(__file__).resolve().parents[2]
ST = shutil.which("st") or str(Path(sys.executable).with_name("st"))

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the live server shares PostgreSQL"
    ),
]


# The coverage phase (every boundary value of every parameter of every operation) takes ten
# minutes alone on two cores, more than the whole suite's budget; `make fuzz-api` runs it.
PHASES = os.environ.get("API_FUZZ_PHASES", "examples,fuzzing,stateful")


def test_the_api_holds_under_schemathesis(live_server) -> None:
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())
    token = Token.objects.create(user=User.objects.get(username="coordinator"))
    result = subprocess.run(
        [
            ST,
            "run",
            f"{live_server.url}/api/schema/",
            "--checks",
            "all",
            "--header",
            f"Authorization: Token {token.key}",
            # Signing out would end the token every later call is made with.
            "--exclude-operation-id",
            "auth_token_destroy",
            "--workers",
            "1",  # more workers crash hypothesis on CPython 3.11.7
            "--max-examples",
            "5",
            "--phases",
            PHASES,
            "--seed",
            "20261121",
            "--no-color",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = result.stdout[-12000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "selected" in result.stdout, report  # the schema was loaded and operations chosen
