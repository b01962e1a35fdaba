"""One JSON error shape for the whole API: ``{"detail": ..., "messages": [...]}``; a version
conflict adds ``version`` and ``current`` (the record as stored now).

Messages are in the request's language (Accept-Language, then the Georgian default).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.versions import version_conflict_response
from core.errors import DomainError, VersionConflict


def _messages_of(data: Any, prefix: str = "") -> list[str]:
    if isinstance(data, dict):
        found = []
        for key, value in data.items():
            label = "" if key in {"detail", "non_field_errors"} else f"{prefix}{key}: "
            found += _messages_of(value, label)
        return found
    if isinstance(data, list):
        return [msg for item in data for msg in _messages_of(item, prefix)]
    return [f"{prefix}{data}"]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, VersionConflict):
        # The same shape, with the current version and record (412 for a stale If-Match).
        return version_conflict_response(exc, context)
    if isinstance(exc, DomainError):
        return Response(
            {"detail": " ".join(exc.messages), "messages": exc.messages}, status=exc.http_status
        )
    if isinstance(exc, Http404):
        # Django's own 404 text names the model in English; say it plainly in the user's language.
        exc = NotFound(_("The item was not found."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    messages = _messages_of(data)
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        response.data = {"detail": str(data["detail"]), "messages": messages}
    else:
        response.data = {
            "detail": _("The request has errors."),
            "messages": messages,
            # Always by field, as the schema says: a refusal of the whole body (a body that is
            # null or a list) is said under "non_field_errors", as DRF says it for an object.
            "errors": data if isinstance(data, dict) else {"non_field_errors": data},
        }
    return response
