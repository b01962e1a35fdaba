"""What people type reaches the outbox as they typed it: a comment that begins like a date stays
words, and a title with quotes and ampersands is plain in the subject and the text part and
escaped only in the HTML part."""

from __future__ import annotations

import pytest
from django.core import mail

from notifications import delivery
from notifications.email import render_email, render_subject
from notifications.models import Notification
from tests.web import signed_in
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db

DATE_LIKE = [
    "2026-12-01T10:00 call with the donor about the budget",
    "2026-12-01",
    "2026-12-01T25:99",
    "2026-13-45 is not a day",
    "9999-12-31T23:59:59+99:00",
]
TITLE = 'Tom & Jerry\'s "grant" <b>'


@pytest.mark.parametrize("comment", DATE_LIKE)
def test_a_comment_that_begins_like_a_date_stays_text_for_every_recipient(
    make_opportunity, coordinator, focal_point, minister, comment
) -> None:
    opportunity = make_opportunity(state="identified")
    opportunity_transition(
        opportunity=opportunity, user=coordinator, name="present", comment=comment
    )
    rows = Notification.objects.filter(kind="opportunity.present")
    assert rows.exists()
    for person in (focal_point, minister):
        assert signed_in(person).get("/notifications/").status_code == 200
    for row in rows.exclude(email=""):
        assert delivery.deliver(row.pk) == "sent"
    assert mail.outbox and all(comment in message.body for message in mail.outbox)


@pytest.mark.parametrize("title", ["2026-12-01", "2026-12-01T10:00 grant"])
def test_a_title_shaped_like_a_date_is_not_turned_into_one(
    make_opportunity, coordinator, title
) -> None:
    opportunity_transition(
        opportunity=make_opportunity(state="identified", title=title),
        user=coordinator,
        name="present",
    )
    row = Notification.objects.filter(kind="opportunity.present").first()
    assert row is not None and title in render_subject(row)


def test_a_title_with_quotes_and_ampersands_is_plain_in_subject_and_text_and_escaped_in_html(
    make_opportunity, coordinator, focal_point
) -> None:
    comment = 'Tom & Jerry\'s "budget" <i>'
    opportunity = make_opportunity(state="identified", title=TITLE)
    opportunity_transition(
        opportunity=opportunity, user=coordinator, name="present", comment=comment
    )
    row = Notification.objects.filter(kind="opportunity.present").first()
    assert row is not None
    message = render_email(row)
    assert TITLE in message.subject and TITLE in message.body and comment in message.body
    for text in (message.subject, message.body):
        assert "&amp;" not in text and "&quot;" not in text and "&#x27;" not in text
    html = message.alternatives[0][0]
    assert isinstance(html, str)
    assert "Tom &amp; Jerry&#x27;s &quot;grant&quot; &lt;b&gt;" in html and "<b>" not in html
    assert "&lt;i&gt;" in html and "<i>" not in html
    # The centre shows the subject as text, escaped once.
    page = signed_in(focal_point).get("/notifications/").content.decode()
    assert "Tom &amp; Jerry&#x27;s &quot;grant&quot; &lt;b&gt;" in page and "&amp;amp;" not in page
