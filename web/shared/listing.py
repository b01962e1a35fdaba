"""A filtered, paginated list page: the rows of a FilterSet, one page of them, and the query
string that keeps the filters on the page links."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 25


def filtered_rows(filters: Any, ordering: list[str]) -> Any:
    """The rows the filters select, in order; none when a filter value is invalid."""
    return filters.qs.order_by(*ordering) if filters.is_valid() else filters.queryset.none()


def filtered_page(request: HttpRequest, filters: Any, ordering: list[str]) -> tuple[Page, str]:
    rows = filtered_rows(filters, ordering)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def register_list_page(
    request: HttpRequest,
    filters: Any,
    ordering: list[str],
    *,
    export: Callable[[Any], HttpResponse],
    template: str,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """A register's list: a page of the rows the filters select, or with ``?export=xlsx`` all
    of them as the spreadsheet ``export`` makes. ``context`` is what the page shows besides."""
    if request.GET.get("export") == "xlsx":
        return export(filtered_rows(filters, ordering))
    page, query = filtered_page(request, filters, ordering)
    return render(
        request, template, {"filters": filters, "page": page, "query": query, **(context or {})}
    )
