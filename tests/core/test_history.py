"""How an edit history reads: days and moments as every page shows them, choices by name."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from commitments.models import Commitment
from core.history import plain, readable_edits
from workflow.models import CoordinationMeeting


def _changes(model: Any, name: str, old: Any, new: Any) -> tuple[str, str, str]:
    edit = SimpleNamespace(at=timezone.now(), actor=None, changes={name: (plain(old), plain(new))})
    return readable_edits([edit], model)[0]["changes"][0]


def test_a_day_reads_as_the_pages_write_it() -> None:
    _, old, new = _changes(
        Commitment, "deadline", datetime.date(2027, 6, 30), datetime.date(2028, 1, 2)
    )
    assert (old, new) == ("30.06.2027", "02.01.2028")


def test_a_moment_reads_in_local_time() -> None:
    moment = datetime.datetime(2027, 3, 1, 8, 30, tzinfo=datetime.UTC)
    _, old, new = _changes(CoordinationMeeting, "starts_at", None, moment)
    # Tbilisi is four hours ahead of UTC.
    assert (old, new) == ("—", "01.03.2027 12:30")


def test_a_choice_reads_by_its_name_and_other_text_as_typed() -> None:
    assert _changes(Commitment, "status", "on_track", "at_risk")[1:] == (
        str(Commitment.Status("on_track").label),
        str(Commitment.Status("at_risk").label),
    )
    assert _changes(Commitment, "reference", "14.2", "2027-01-01")[1:] == ("14.2", "2027-01-01")
