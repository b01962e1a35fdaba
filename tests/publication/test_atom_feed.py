"""The public projects feed follows RFC 4287, checked with a real feed parser: each language
is a feed of its own (its own id, self link and xml:lang), and the ministry is its author."""

from __future__ import annotations

import datetime
from typing import Any
from xml.etree import ElementTree

import feedparser
import pytest
from django.conf import settings
from django.http import HttpResponse, HttpResponseBase
from django.test import Client

from projects.models import Project

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The feed names itself on the site's own address, whatever host the request came through.
SITE = settings.DONORFLOW_SITE_URL
FEED = f"{SITE}/public/projects.atom"
PAGE = f"{SITE}/public/projects/"


def _parsed(response: HttpResponseBase) -> Any:
    """The feed as a feed reader reads it, given the headers it was served with."""
    assert response.status_code == 200
    assert isinstance(response, HttpResponse)
    headers = {name.lower(): value for name, value in response.items()}
    parsed = feedparser.parse(response.content, response_headers=headers)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _date_time(text: str | None) -> datetime.datetime:
    # RFC 3339 date-time with its offset, as RFC 4287 section 3.3 requires.
    assert text, "a date is missing"
    value = datetime.datetime.fromisoformat(text)
    assert value.tzinfo is not None, text
    return value


def _rfc4287_problems(body: bytes) -> list[str]:
    """What the document breaks of the "MUST"s of RFC 4287 sections 4.1.1 and 4.1.2."""
    feed = ElementTree.fromstring(body)
    problems = []
    if feed.tag != f"{ATOM}feed":
        return [f"root element is {feed.tag}"]

    def count(element: ElementTree.Element, name: str) -> int:
        return len(element.findall(f"{ATOM}{name}"))

    def links(element: ElementTree.Element, rel: str) -> list[ElementTree.Element]:
        return [
            link for link in element.findall(f"{ATOM}link") if link.get("rel", "alternate") == rel
        ]

    for name in ("id", "title", "updated"):
        if count(feed, name) != 1:
            problems.append(f"feed has {count(feed, name)} {name}")
    entries = feed.findall(f"{ATOM}entry")
    if count(feed, "author") == 0 and not all(count(e, "author") for e in entries):
        problems.append("neither the feed nor every entry has an author")
    for author in feed.findall(f"{ATOM}author"):
        if not (author.findtext(f"{ATOM}name") or "").strip():
            problems.append("an author without a name")
    if len(links(feed, "self")) > 1:
        problems.append("more than one self link")
    for element in (feed, *entries):
        kinds = [(link.get("type"), link.get("hreflang")) for link in links(element, "alternate")]
        if len(kinds) != len(set(kinds)):
            problems.append("two alternate links of one type and language")
        for link in element.findall(f"{ATOM}link"):
            if not link.get("href", "").startswith(("http://", "https://")):
                problems.append(f"a link without an absolute href: {link.attrib}")
    _date_time(feed.findtext(f"{ATOM}updated"))
    for entry in entries:
        for name in ("id", "title", "updated"):
            if count(entry, name) != 1:
                problems.append(f"entry has {count(entry, name)} {name}")
        if count(entry, "content") == 0 and not links(entry, "alternate"):
            problems.append("entry without content or alternate link")
        if count(entry, "summary") > 1:
            problems.append("entry with more than one summary")
        _date_time(entry.findtext(f"{ATOM}updated"))
    ids = [feed.findtext(f"{ATOM}id"), *[e.findtext(f"{ATOM}id") for e in entries]]
    if len(ids) != len(set(ids)):
        problems.append("an id used twice")
    return problems


@pytest.mark.parametrize(
    ("query", "language", "address", "page", "author", "title"),
    [
        (
            "",
            "ka",
            FEED,
            PAGE,
            settings.IATI_REPORTING_ORG["name_ka"],
            "სასაზღვრო მართვის გაძლიერება",
        ),
        (
            "?language=en",
            "en",
            f"{FEED}?language=en",
            f"{PAGE}?language=en",
            settings.IATI_REPORTING_ORG["name_en"],
            "Border management support",
        ),
    ],
    ids=["ka", "en"],
)
def test_each_language_is_a_feed_of_its_own(
    public_project: Project,
    client: Client,
    query: str,
    language: str,
    address: str,
    page: str,
    author: str,
    title: str,
) -> None:
    response = client.get(f"/public/projects.atom{query}")
    assert _rfc4287_problems(response.content) == []
    assert response["Content-Language"] == language
    parsed = _parsed(response)
    feed = parsed.feed

    assert feed.language == language
    assert feed.id == address
    links = {link.rel: link.href for link in feed.links}
    assert links == {"self": address, "alternate": page}
    assert feed.author_detail.name == author
    assert feed.title and feed.subtitle
    (entry,) = parsed.entries
    url = f"{PAGE}{public_project.pk}/" + ("?language=en" if language == "en" else "")
    assert (entry.id, entry.link, entry.title) == (url, url, title)
    assert entry.title_detail.language == language
    # The goal is kept in Georgian only, and the feed says so in either language.
    assert entry.summary == public_project.goal
    assert entry.summary_detail.type == "text/plain"
    assert entry.summary_detail.language == "ka"
    assert feed.updated_parsed == entry.updated_parsed


def test_the_georgian_and_the_english_feed_share_no_id(
    public_project: Project, client: Client
) -> None:
    ka, en = (_parsed(client.get(f"/public/projects.atom{q}")) for q in ("", "?language=en"))
    assert ka.feed.id != en.feed.id
    assert not {ka.feed.id, ka.entries[0].id} & {en.feed.id, en.entries[0].id}


def test_the_visitors_language_does_not_change_the_feed(
    public_project: Project, client: Client
) -> None:
    """One address, one document: a browser set to English still gets the Georgian feed, so
    a proxy may give its copy to anyone."""
    georgian = client.get("/public/projects.atom")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    visitor = client.get("/public/projects.atom", HTTP_ACCEPT_LANGUAGE="en")
    assert visitor.content == georgian.content
    assert visitor["Content-Language"] == "ka"
    assert _parsed(visitor).feed.language == "ka"


def test_a_searched_feed_has_one_address_however_asked(
    public_project: Project, client: Client
) -> None:
    asked = [
        "/public/projects.atom?q=border&language=en&year=2026",
        "/public/projects.atom?year=2026&utm_source=x&language=en&q=+border+",
    ]
    parsed = [_parsed(client.get(url)) for url in asked]
    assert [len(p.entries) for p in parsed] == [1, 1]
    feeds = [p.feed for p in parsed]
    assert feeds[0].id == feeds[1].id
    assert feeds[0].id != f"{FEED}?language=en"
    self_links = [{link.rel: link.href for link in feed.links}["self"] for feed in feeds]
    assert self_links == [feeds[0].id, feeds[0].id]
    # The address found is the feed it names.
    again = _parsed(client.get(feeds[0].id.removeprefix(SITE)))
    assert again.feed.id == feeds[0].id and len(again.entries) == 1


def test_an_empty_feed_is_a_valid_feed(db: None, client: Client) -> None:
    response = client.get("/public/projects.atom?language=en")
    assert _rfc4287_problems(response.content) == []
    parsed = _parsed(response)
    assert parsed.entries == []
    assert parsed.feed.author_detail.name == settings.IATI_REPORTING_ORG["name_en"]
    assert parsed.feed.updated_parsed is not None


def test_a_goal_is_text_not_markup(public_project: Project, client: Client) -> None:
    public_project.goal = "საზღვარი <b>ძლიერი</b> & უსაფრთხო\nმეორე ხაზი"
    public_project.save()
    response = client.get("/public/projects.atom")
    assert _rfc4287_problems(response.content) == []
    (entry,) = _parsed(response).entries
    assert entry.summary == public_project.goal
    assert entry.summary_detail.type == "text/plain"


def test_a_goal_kept_back_gives_no_summary(public_project: Project, client: Client) -> None:
    public_project.public_fields = [f for f in public_project.public_fields if f != "goal"]
    public_project.save()
    response = client.get("/public/projects.atom")
    feed = ElementTree.fromstring(response.content)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary") is None
    assert _rfc4287_problems(response.content) == []


@pytest.mark.django_db
def test_the_feed_keeps_its_id_whatever_host_or_scheme_a_proxy_forwards(client) -> None:
    plain = _parsed(client.get("/public/projects.atom"))
    forwarded = _parsed(client.get("/public/projects.atom", HTTP_HOST="localhost", secure=True))
    assert plain.feed.id == forwarded.feed.id == FEED
