"""The Atom feed's "updated" and the ETag of every public output move only with what the public
may see: editing a field kept back from the public changes neither."""

from __future__ import annotations

import datetime
from xml.etree import ElementTree

import time_machine
from django.test import Client
from django.utils import timezone

from projects.models import Project

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC_URLS = ("/public/projects.atom", "/public/projects/", "/public/projects.json")


def _feed(client: Client) -> tuple[str, str, str]:
    response = client.get("/public/projects.atom")
    feed = ElementTree.fromstring(response.content)
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    return (
        feed.findtext(f"{ATOM}updated") or "",
        entry.findtext(f"{ATOM}updated") or "",
        response["ETag"],
    )


def _etags(client: Client) -> list[str]:
    return [client.get(url)["ETag"] for url in PUBLIC_URLS]


def _edit_later(project: Project, hours: int, **fields: object) -> None:
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=hours)):
        for name, value in fields.items():
            setattr(project, name, value)
        project.save()


def test_an_edit_kept_back_changes_neither_updated_nor_the_etag(
    public_project: Project, client: Client
) -> None:
    public_project.public_fields = [f for f in public_project.public_fields if f != "goal"]
    public_project.save()
    before, etags = _feed(client), _etags(client)

    _edit_later(public_project, 5, goal="ახალი შიდა მიზანი")

    assert _feed(client) == before
    assert _etags(client) == etags


def test_a_public_edit_moves_updated_and_the_etag(public_project: Project, client: Client) -> None:
    _feed_updated, entry_updated, etag = _feed(client)
    later = timezone.now() + datetime.timedelta(hours=5)

    with time_machine.travel(later):
        public_project.goal = "ახალი საჯარო მიზანი"
        public_project.save()
        after = _feed(client)

    assert after[2] != etag
    assert after[1] > entry_updated and after[0] == after[1]


def test_an_empty_feed_keeps_its_etag(db: None, client: Client) -> None:
    first = client.get("/public/projects.atom")["ETag"]
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        assert client.get("/public/projects.atom")["ETag"] == first


def test_reading_unchanged_public_content_writes_nothing(
    public_project: Project, client: Client, viewer
) -> None:
    """A feed poll takes no write lock (on SQLite every transaction would queue behind the
    office's writers) unless the public content changed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.web import signed_in

    for url, reader in (("/public/projects.atom", client), ("/iati/activities.xml", None)):
        client = reader or signed_in(viewer)
        client.get(url)
        with CaptureQueriesContext(connection) as read_again:
            assert client.get(url).status_code == 200
        written = [
            q["sql"]
            for q in read_again.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "SAVEPOINT"))
        ]
        assert written == [], url
