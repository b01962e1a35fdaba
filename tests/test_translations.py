"""The Georgian catalogue is complete: every marked string of the code has a translation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

# Runs makemessages over a copy of the tree.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".venv", "var", ".git", "tests", "staticfiles", "*.mo", "__pycache__")


@pytest.fixture(scope="module")
def regenerated_catalogue(tmp_path_factory) -> polib.POFile:
    """Extract messages from a copy of the tree, merged into the committed catalogue."""
    copy = tmp_path_factory.mktemp("tree") / "donorflow"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ka", "--no-location", "-v0"],
        cwd=copy,
        env={**os.environ, "DEBUG": "true", "DONORFLOW_VAR_DIR": str(copy / "var")},
        check=True,
    )
    return polib.pofile(str(copy / "locale/ka/LC_MESSAGES/django.po"))


def test_every_message_is_translated(regenerated_catalogue) -> None:
    untranslated = [e.msgid for e in regenerated_catalogue if not e.obsolete and not e.translated()]
    assert untranslated == []


def test_committed_catalogue_has_no_stale_entries(regenerated_catalogue) -> None:
    committed = {e.msgid for e in polib.pofile(str(ROOT / "locale/ka/LC_MESSAGES/django.po"))}
    current = {e.msgid for e in regenerated_catalogue if not e.obsolete}
    assert committed == current


def test_georgian_is_the_default_and_english_is_available() -> None:
    from workflow.models import Opportunity

    assert str(Opportunity.State.APPROVED.label) == "დამტკიცებული ხელმძღვანელობის მიერ"
    with translation.override("en"):
        assert str(Opportunity.State.APPROVED.label) == "Approved by top management"
