"""A filtered, paginated list page: the rows of a FilterSet, one page of them, and the query
string that keeps the filters on the page links.

A list may be sorted by its column headers: ``?sort=title`` (``-title`` descending) names one of
the columns the page declares sortable (``Sortable``); any other value is ignored and the list
keeps its own order. The sort rides in the query string, so pagination, the export and a saved
filter keep it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F
from django.db.models.expressions import BaseExpression
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PAGE_SIZE = 25

# A column's name in ``?sort=`` -> what it orders by: field paths, or expressions (a choice
# ranked by meaning rather than by its stored code).
Sortable = Mapping[str, Sequence[str | BaseExpression]]


def requested_sort(request: HttpRequest, sortable: Sortable | None) -> str:
    """The ``sort`` asked for when it names a sortable column (``"title"``, ``"-title"``),
    else ``""``."""
    requested = request.GET.get("sort", "")
    return requested if sortable and requested.removeprefix("-") in sortable else ""


def sorted_ordering(sort: str, sortable: Sortable | None, ordering: Sequence[Any]) -> list[Any]:
    """The order of a list sorted by ``sort``: the column's keys, empty values last either way,
    then the list's own order to break ties, so pages never repeat or skip a row."""
    if not sort or not sortable:
        return list(ordering)
    descending = sort.startswith("-")
    keys: list[Any] = []
    for key in sortable[sort.removeprefix("-")]:
        expression = F(key) if isinstance(key, str) else key
        keys.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)  # type: ignore[union-attr]
        )
    return [*keys, *ordering]


def sort_context(request: HttpRequest, sortable: Sortable | None) -> dict[str, Any]:
    """What the column headers need (``{% sort_header %}``): the sort in force, the sortable
    columns, and the page's query string without sort and page, to which a header adds its
    own sort."""
    query = request.GET.copy()
    for name in ("page", "sort", "export"):
        query.pop(name, None)
    return {
        "sort": requested_sort(request, sortable),
        "sortable": frozenset(sortable or ()),
        "sort_query": query.urlencode(),
    }


def filtered_rows(filters: Any, ordering: Sequence[Any]) -> Any:
    """The rows the filters select, in order; none when a filter value is invalid."""
    return filters.qs.order_by(*ordering) if filters.is_valid() else filters.queryset.none()


def filtered_page(
    request: HttpRequest,
    filters: Any,
    ordering: Sequence[Any],
    sortable: Sortable | None = None,
) -> tuple[Page, str]:
    ordering = sorted_ordering(requested_sort(request, sortable), sortable, ordering)
    rows = filtered_rows(filters, ordering)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def register_list_page(
    request: HttpRequest,
    filters: Any,
    ordering: Sequence[Any],
    *,
    export: Callable[[Any], HttpResponse],
    template: str,
    context: Mapping[str, Any] | None = None,
    sortable: Sortable | None = None,
) -> HttpResponse:
    """A register's list: a page of the rows the filters select, or with ``?export=xlsx`` all
    of them as the spreadsheet ``export`` makes, in the order the page shows them.
    ``context`` is what the page shows besides; ``sortable`` the columns it sorts by."""
    if request.GET.get("export") == "xlsx":
        sort = requested_sort(request, sortable)
        return export(filtered_rows(filters, sorted_ordering(sort, sortable, ordering)))
    page, query = filtered_page(request, filters, ordering, sortable)
    return render(
        request,
        template,
        {
            "filters": filters,
            "page": page,
            "query": query,
            **sort_context(request, sortable),
            **(context or {}),
        },
    )
