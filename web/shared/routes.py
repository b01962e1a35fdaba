"""How a domain's pages list their addresses: the routes under one prefix, each as (the rest
of the address, the view, the URL name). The names are what templates and tests use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, path

Route = tuple[str, Callable[..., Any], str]


def under(prefix: str, *routes: Route) -> list[URLPattern]:
    """``prefix`` + each route's rest, in the order given."""
    return [path(prefix + rest, view, name=name) for rest, view, name in routes]
