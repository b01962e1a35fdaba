"""What every register page shows the same way: a column header that sorts the list
(``{% sort_header "title" _("title") %}``) and the person's saved filters of the page
(``{% saved_filters %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from search import selectors

register = template.Library()


@register.inclusion_tag("web/_sort_header.html", takes_context=True)
def sort_header(context: template.Context, column: str, label: str) -> dict[str, Any]:
    """A ``<th>``: a link that sorts by ``column`` (ascending, or descending when the list is
    sorted ascending by it already), with ``aria-sort`` on the column the list is sorted by.
    A column the page does not sort by, or a table shown outside a register's list (a home
    page's work list), is a plain header."""
    sortable = context.get("sortable") or ()
    sort = context.get("sort") or ""
    if column not in sortable:
        return {"label": label, "href": None, "direction": None}
    direction = None
    if sort == column:
        direction = "ascending"
    elif sort == f"-{column}":
        direction = "descending"
    query = QueryDict(context.get("sort_query") or "", mutable=True)
    query["sort"] = f"-{column}" if direction == "ascending" else column
    return {"label": label, "href": f"?{query.urlencode()}", "direction": direction}


@register.inclusion_tag("web/search/_saved_filters.html", takes_context=True)
def saved_filters(context: template.Context) -> dict[str, Any]:
    """The form that saves the page's filters under a name, and the person's saved filters of
    this register, each a link that opens the register with them."""
    request = context["request"]
    query = request.GET.copy()
    for name in ("page", "export"):
        query.pop(name, None)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "path": request.path,
        "query": query.urlencode(),
        "filters": selectors.saved_filters_of(request.user, path=request.path),
    }


@register.inclusion_tag("web/_filters.html", takes_context=True)
def filter_form(context: template.Context) -> dict[str, Any]:
    """The page's filter form (``filters``, a filter set), folded behind a button that says how
    many filters are set: app.js opens it on a wide screen, and on a phone it stays folded, so
    the list comes first, unless a filter is set or refused. A register sorted by a list
    (``sort_options``) keeps its sort in the form."""
    form = context["filters"].form
    active = sum(1 for field in form if _is_set(field.data))
    return {
        "form": form,
        "active": active,
        "refused": bool(form.errors),
        "clear": context["request"].path,
        "sort_options": context.get("sort_options"),
        "sort": context.get("sort"),
    }


def _is_set(value: Any) -> bool:
    """A filter's value as the form read it: a range or a list is set when any part is."""
    if isinstance(value, list | tuple):
        return any(_is_set(part) for part in value)
    return value not in (None, "")
