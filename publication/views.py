"""The public projects page, its JSON and Atom feeds: no sign-in, cacheable by any proxy.

The language is part of the address (``?language=en``), never taken from a cookie, so one
address always gives the same page and caches need no Vary on the visitor.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
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
    path = reverse("public-project", args=[pk])
    return request.build_absolute_uri(f"{path}?language={language}" if language != "ka" else path)


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


class PublicAtomFeed(Atom1Feed):
    def latest_post_date(self) -> datetime.datetime:
        # Django gives an empty feed the current time, which would change it on every request.
        return super().latest_post_date() if self.items else EMPTY_FEED_UPDATED


class ProjectFeed(Feed):
    feed_type = PublicAtomFeed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpRequest:
        return request

    def title(self, request: HttpRequest) -> str:
        with translation.override(requested_language(request)):
            return _("Ongoing projects of the ministry")

    def subtitle(self, request: HttpRequest) -> str:
        with translation.override(requested_language(request)):
            return _("Donor-funded projects under way, with their public details.")

    def link(self, request: HttpRequest) -> str:
        return reverse("public-projects")

    def items(self, request: HttpRequest) -> list[FeedItem]:
        language = requested_language(request)
        projects = public_projects(language, Search.from_query(request.GET))
        # "updated" comes from the public content alone, so neither it nor the ETag moves
        # when a field kept back from the public is edited.
        since = public_stamps_refresh(
            output=f"atom:{language}", contents={p.pk: p.content() for p in projects}
        )
        return [FeedItem(p, _detail_url(request, p.pk, language), since[p.pk]) for p in projects]

    def item_title(self, item: FeedItem) -> str:
        return item.project.title

    def item_description(self, item: FeedItem) -> str:
        return item.project.goal

    def item_link(self, item: FeedItem) -> str:
        return item.url

    def item_guid(self, item: FeedItem) -> str:
        return item.url

    def item_updateddate(self, item: FeedItem) -> datetime.datetime:
        return item.updated


project_atom = cacheable(ProjectFeed())
