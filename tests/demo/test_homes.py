"""After ``load_demo`` every demo account opens a home with work in it: each role's sections
hold at least one line, and every link on it opens a page that person may open. Written
against what the demo gives each role, not its titles."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from core.models import User

# Each test loads the whole demo data set.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The demo's accounts, and a section each must find work in (its role's).
ACCOUNTS = {
    "focal": ("to-advance", "obligations-due", "commitment-reports", "own-items"),
    "focal2": ("to-advance", "obligations-due", "commitment-reports", "own-items"),
    "coordinator": ("next-meeting", "to-accept", "overdue-by-unit", "stuck", "overdue"),
    "minister": ("decisions", "escalations-top"),
    "head": ("head-escalations", "head-overdue", "head-items"),
    "irdhead": ("head-escalations", "head-overdue", "head-items"),
    "viewer": ("headline",),
    "admin": ("headline", "administration"),
}


def test_every_demo_account_opens_a_home_with_its_work() -> None:
    call_command("load_demo", "--password", "demo-pass-1", stdout=StringIO())
    for username, sections in ACCOUNTS.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.get("/")
        assert response.status_code == 200
        page = response.content.decode()
        counts = dict(re.findall(r'id="([a-z-]+)" data-count="(\d+)"', page))
        # Every section of the role is there...
        assert set(sections) <= set(counts), (username, counts)
        # ...and the home is not empty: one of them at least lists work.
        assert any(int(counts[name]) for name in sections), (username, counts)
        # ...and every link on it opens, for this person (forms that post are left).
        for href in sorted(set(re.findall(r'<a [^>]*href="(/[^"]*)"', page))):
            if href.startswith("/static/"):
                continue
            opened = client.get(href.replace("&amp;", "&"), follow=True)
            assert opened.status_code == 200, (username, href, opened.status_code)
