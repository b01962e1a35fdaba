"""The calendar page: making, replacing and revoking one's calendar link (what the feed holds
is tested in tests/calendars)."""

from __future__ import annotations

import pytest

from tests.web import signed_in

pytestmark = pytest.mark.django_db


def test_the_link_is_shown_on_the_answer_that_made_it_only(focal_point) -> None:
    client = signed_in(focal_point)
    assert 'action="/calendar/renew/"' in client.get("/calendar/").content.decode()
    made = client.post("/calendar/renew/")
    assert made.status_code == 200 and made["Cache-Control"].startswith("max-age=0")
    page = made.content.decode()
    assert 'id="calendar-link"' in page and ".ics" in page
    again = client.get("/calendar/").content.decode()
    assert 'id="calendar-link"' not in again and 'action="/calendar/revoke/"' in again


def test_revoking_says_so_and_offers_a_new_link(focal_point) -> None:
    client = signed_in(focal_point)
    client.post("/calendar/renew/")
    revoked = client.post("/calendar/revoke/", follow=True)
    page = revoked.content.decode()
    assert revoked.redirect_chain == [("/calendar/", 302)]
    assert 'action="/calendar/revoke/"' not in page
