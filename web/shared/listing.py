"""A filtered, paginated list page: the rows of a FilterSet, one page of them, and the query
string that keeps the filters on the page links."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

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
