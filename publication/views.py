"""The public projects page, its JSON and Atom feeds: no sign-in, cacheable by any proxy.

The language is part of the address (``?language=en``), never taken from a cookie, so one
address always gives the same page and caches need no Vary on the visitor.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import conditional_page, require_safe

from core.languages import requested_language
from publication.presentation import (
    PublicProject,
    Search,
    public_project,
    public_projects,
)
from publication.stamps import public_stamps_refresh

MAX_AGE = 300  # seconds a proxy or browser may reuse a page before asking again
PAGE_SIZE = 20
EMPTY_FEED_UPDATED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _page(template: str, context: dict[str, Any]) -> HttpResponse:
    # Rendered without the request: no context processor reads the visitor's cookies, so the
    # response does not vary by cookie and a proxy can keep one copy for everyone.
    return HttpResponse(render_to_string(template, context))


def cacheable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, public for MAX_AGE seconds, with an ETag answered by 304."""
    return require_safe(cache_control(public=True, max_age=MAX_AGE)(conditional_page(view)))


def _detail_url(request: HttpRequest, pk: int, language: str) -> str:
    """A project's public address on the site's own address (it is also the feed entry's id,
    which must not change with the host a proxy forwards)."""
    path = reverse("public-project", args=[pk])
    return settings.DONORFLOW_SITE_URL + (
        f"{path}?language={language}" if language != "ka" else path
    )


@cacheable
def project_list(request: HttpRequest) -> HttpResponse:
    language = requested_language(request)
    search = Search.from_query(request.GET)
    with translation.override(language):
        everything = public_projects(language)
        shown = [p for p in everything if search.keeps(p)]
        donors = sorted({d for p in everything for d in p.donors}, key=lambda d: d.name)
        years = sorted({year for p in everything for year in p.years()})
        page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "language": language,
            "page": page,
            "search": search,
            "donors": donors,
            "years": years,
            "query": query.urlencode(),
        }
        return _page("publication/projects.html", context)


@cacheable
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    language = requested_language(request)
    project = public_project(pk, language)
    if project is None:
        raise Http404
    with translation.override(language):
        return _page("publication/project.html", {"language": language, "project": project})


@cacheable
def project_json(request: HttpRequest) -> JsonResponse:
    language = requested_language(request)
    projects = public_projects(language, Search.from_query(request.GET))
    data: dict[str, Any] = {
        "language": language,
        "count": len(projects),
        "projects": [p.as_dict(_detail_url(request, p.pk, language)) for p in projects],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@dataclass(frozen=True)
class FeedItem:
    project: PublicProject
    url: str
    updated: datetime.datetime


@dataclass(frozen=True)
class FeedRequest:
    """One feed: the public projects in one language, narrowed by one search."""

    request: HttpRequest
    language: str
    search: Search

    def address(self, name: str) -> str:
        """The absolute address of the page or feed ``name`` for this language and search,
        written one way only (Georgian takes no parameter, the search its fields in order),
        so one feed has one address however it was asked for."""
        query: dict[str, str | int] = {}
        if self.language != "ka":
            query["language"] = self.language
        if self.search.text:
            query["q"] = self.search.text
        if self.search.donor is not None:
            query["donor"] = self.search.donor
        if self.search.year is not None:
            query["year"] = self.search.year
        path = reverse(name)
        # On the site's own address, not the request's: a feed's id must not change with the
        # host or scheme a proxy forwards.
        return f"{settings.DONORFLOW_SITE_URL}{path}" + (f"?{urlencode(query)}" if query else "")


# The goal is kept in one field, in Georgian, the register's language; the English feed says
# so rather than let its summaries pass for English.
GOAL_LANGUAGE = "ka"


class PublicAtomFeed(Atom1Feed):
    def latest_post_date(self) -> datetime.datetime:
        # Django gives an empty feed the current time, which would change it on every request.
        return super().latest_post_date() if self.items else EMPTY_FEED_UPDATED

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        # Plain text, not the "html" Django declares: a "<" or a line break in a goal is shown
        # as written, not read as markup.
        if item["description"]:
            attributes = {"type": "text", "xml:lang": GOAL_LANGUAGE}
            handler.addQuickElement("summary", item["description"], attributes)


class ProjectFeed(Feed):
    """The public projects as an Atom feed (RFC 4287), one per language: each has its own
    ``id`` and ``self`` link, its ``xml:lang``, and the ministry as its author."""

    feed_type = PublicAtomFeed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = requested_language(request)
        return response

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedRequest:
        return FeedRequest(request, requested_language(request), Search.from_query(request.GET))

    def get_feed(self, obj: FeedRequest, request: HttpRequest) -> SyndicationFeed:
        # The whole feed in the language of its address, xml:lang included: Django takes that
        # from the active language, which the visitor's cookie would otherwise choose.
        with translation.override(obj.language):
            return super().get_feed(obj, request)

    def title(self, obj: FeedRequest) -> str:
        return _("Ongoing projects of the ministry")

    def subtitle(self, obj: FeedRequest) -> str:
        return _("Donor-funded projects under way, with their public details.")

    def link(self, obj: FeedRequest) -> str:
        return obj.address("public-projects")

    def feed_url(self, obj: FeedRequest) -> str:
        return obj.address("public-projects-atom")

    def feed_guid(self, obj: FeedRequest) -> str:
        # The feed's own address is its id: the Georgian and the English feed (and a searched
        # one) are different feeds, and a feed reader keeps them apart.
        return obj.address("public-projects-atom")

    def author_name(self, obj: FeedRequest) -> str:
        # The ministry publishes the feed, under the name it publishes its IATI file with.
        return str(settings.IATI_REPORTING_ORG[f"name_{obj.language}"])

    def items(self, obj: FeedRequest) -> list[FeedItem]:
        language = obj.language
        projects = public_projects(language, obj.search)
        # "updated" comes from the public content alone, so neither it nor the ETag moves
        # when a field kept back from the public is edited.
        since = public_stamps_refresh(
            output=f"atom:{language}", contents={p.pk: p.content() for p in projects}
        )
        return [
            FeedItem(p, _detail_url(obj.request, p.pk, language), since[p.pk]) for p in projects
        ]

    def item_title(self, item: FeedItem) -> str:
        return item.project.title

    def item_description(self, item: FeedItem) -> str:
        return item.project.goal  # the entry's summary, see PublicAtomFeed

    def item_link(self, item: FeedItem) -> str:
        return item.url

    def item_guid(self, item: FeedItem) -> str:
        return item.url

    def item_updateddate(self, item: FeedItem) -> datetime.datetime:
        return item.updated


project_atom = cacheable(ProjectFeed())
