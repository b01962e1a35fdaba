"""The language a page, file or feed is asked for in its own address."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def requested_language(request: HttpRequest) -> str:
    """``?language=en`` gives English; anything else, or nothing, Georgian. Taken from the
    address, never a cookie, so one address always gives the same document."""
    requested = request.GET.get("language", "ka")
    return requested if requested in dict(settings.LANGUAGES) else "ka"
