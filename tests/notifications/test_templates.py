"""Every kind has its own template triplet, and each part renders in Georgian and English."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from django.utils import translation

from notifications.email import PARTS, render_email
from notifications.kinds import KINDS
from notifications.models import Notification

EMAIL_TEMPLATES = (
    Path(__file__).resolve().parents[2] / "notifications/templates/notifications/email"
)

SAMPLE = {
    "reference": "OPP-2026-0001",
    "title": "ელექტრონული სწავლება",
    "project": "საზღვრის მართვა",
    "obligation": "Narrative report",
    "description": "კვარტალური ანგარიში",
    "unit": "აკადემია",
    "due_date": "2027-01-31",
    "next_due_date": "2027-04-30",
    "deadline": "2026-12-15",
    "since": "2026-11-02",
    "starts_at": "2026-11-30T11:00:00+04:00",
    "place": "ოთახი 301",
    "days_left": 3,
    "days": 9,
    "days_overdue": 4,
    "step": 2,
    "actor": "თამარ ჩიქვაიძე",
    "comment": "დაზუსტდეს ბიუჯეტი",
    "week": "2026-W48",
    "items": [
        {
            "subject": "ერთი",
            "link": "http://x/1",
            "reference": "OPP-1",
            "title": "t",
            "unit": "u",
            "outcome": "presented",
            "notes": "",
        }
    ],
    "decisions": [{"reference": "OPP-2", "title": "t", "unit": "u", "days": 12}],
    "overdue_by_unit": [{"unit": "აკადემია", "count": 2}],
    "overdue_reports": 1,
}


def test_every_kind_has_its_triplet_and_no_template_is_orphaned() -> None:
    for code in KINDS:
        for part in PARTS:
            assert (EMAIL_TEMPLATES / code / part).is_file(), f"{code}/{part}"
    folders = {p.name for p in EMAIL_TEMPLATES.iterdir() if p.is_dir()}
    assert folders == set(KINDS)


@pytest.mark.parametrize("code", sorted(KINDS))
def test_each_kind_renders_in_georgian_and_english(code: str) -> None:
    subjects = {}
    for language in ("ka", "en"):
        row = Notification(
            kind=code, email="a@b.test", language=language, context=SAMPLE, dedupe_key=code
        )
        message = render_email(row)
        html = cast(str, message.alternatives[0][0])
        for text in (message.subject, message.body, html):
            assert "{{" not in text and "{%" not in text and "%(" not in text
        assert message.subject and "\n" not in message.subject
        assert "/notifications/" in message.body  # a digest links to the list; items to pages
        subjects[language] = message.subject
    assert subjects["ka"] != subjects["en"]
    title = cast(str, SAMPLE["title"])
    assert any("\u10d0" <= ch <= "\u10ff" for ch in subjects["ka"].replace(title, ""))
    with translation.override("en"):
        assert str(KINDS[code].label)


def test_dates_read_as_day_month_year_in_the_readers_time_zone_and_outcomes_by_name() -> None:
    def body(kind: str, context: dict[str, object]) -> str:
        row = Notification(
            kind=kind, email="a@b.test", language="ka", context=context, dedupe_key=kind
        )
        return str(render_email(row).body)

    assert "31.01.2027" in body("obligation.reminder", SAMPLE)
    # Stored in UTC, read in Tbilisi (UTC+4).
    agenda = body("meeting.agenda", SAMPLE | {"starts_at": "2026-11-30T07:00:00+00:00"})
    assert "30.11.2026 11:00" in agenda
    minutes = body("meeting.minutes", SAMPLE | {"minutes": True})
    assert "OPP-1 t (u) — წარდგენილია" in minutes


@pytest.mark.django_db
def test_a_mail_links_to_its_item_without_reading_the_item(make_opportunity) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    opportunity = make_opportunity()
    row = Notification(
        kind="opportunity.present",
        email="a@b.test",
        language="ka",
        context=SAMPLE,
        dedupe_key="link",
        content_type=ContentType.objects.get_for_model(opportunity),
        object_id=opportunity.pk,
    )
    with CaptureQueriesContext(connection) as queries:
        message = render_email(row)
    assert f"/opportunities/{opportunity.pk}/" in message.body
    assert not [q for q in queries.captured_queries if "workflow_opportunity" in q["sql"]]
