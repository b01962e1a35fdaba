"""The OpenAPI schema is valid and has no ambiguous names (clients generate code from it)."""

from __future__ import annotations

from io import StringIO

import yaml
from django.core.management import call_command


def test_schema_is_valid_without_warnings() -> None:
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    paths = yaml.safe_load(out.getvalue())["paths"]
    for path in ("/api/projects/", "/api/obligations/{id}/transitions/{name}/"):
        assert path in paths, path
