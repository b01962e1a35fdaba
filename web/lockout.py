"""What a person, or an API client, is told when too many wrong passwords locked the sign-in."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

LOCKED_STATUS = 429


def _message() -> str:
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return ngettext(
        "Too many failed sign-in attempts. Try again in %(minutes)d minute, or ask the "
        "department to unlock your account.",
        "Too many failed sign-in attempts. Try again in %(minutes)d minutes, or ask the "
        "department to unlock your account.",
        minutes,
    ) % {"minutes": minutes}


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": _message()}, status=LOCKED_STATUS)
    else:
        response = render(
            request, "registration/locked_out.html", {"message": _message()}, status=LOCKED_STATUS
        )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The name a sign-in attempt gave, as the lockout records it. No account's name is longer
    than 150 characters; a longer one is cut, where the record's column would refuse it."""
    name = credentials.get("username") if credentials else request.POST.get("username")
    return str(name or "")[:150]
