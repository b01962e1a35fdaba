"""Conditional writes over HTTP, once for every register.

A record's answer carries its version as ``ETag: "<version>"``. A write (PUT, PATCH, a
transition) sent with ``If-Match`` is made only if the record still has that version; otherwise
the answer is 412 Precondition Failed with the version and the record as stored now. A write
without ``If-Match`` still changes only the fields it names (see ``core.versions``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from core.errors import VersionConflict

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        'The record\'s ETag as last read (e.g. "3"). The write is made only if the record '
        "still has that version; otherwise 412 with the current version and record."
    ),
)


def etag(version: int) -> str:
    return f'"{version}"'


def _tags(header: str) -> set[str] | None:
    """The entity tags of an ``If-Match`` header; None for ``*`` (any version will do)."""
    tags = set()
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*":
            return None
        tags.add(tag.removeprefix("W/").strip('"'))
    return tags


class ConditionalWriteMixin:
    """For register viewsets whose records carry a ``version``: ETag on every answer of one
    record, and ``If-Match`` honoured on update and on the actions that call ``if_match``.
    ``perform_update`` passes ``self.expected_version()`` to the service, which judges it again
    under the row lock (two writes sent with the same ETag: one wins, the other gets 412)."""

    _matched_version: int | None = None

    def if_match(self, record: Any) -> int | None:
        """The version ``If-Match`` requires of ``record`` (None when there is no header or it
        is ``*``); a tag that is not the record's current version is refused at once."""
        request: Request = self.request  # type: ignore[attr-defined]
        header = request.headers.get("If-Match")
        tags = None if header is None else _tags(header)
        if tags is None:
            return None
        if str(record.version) not in tags:
            raise VersionConflict.stale(current_version=record.version)
        self._matched_version = record.version
        return record.version

    def expected_version(self) -> int | None:
        """What ``if_match`` found the write must still find stored."""
        return self._matched_version

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        data = getattr(response, "data", None)
        if (
            status.is_success(response.status_code)
            and isinstance(data, dict)
            and isinstance(data.get("version"), int)
        ):
            response["ETag"] = etag(data["version"])
        return response


class ConditionalUpdateMixin(ConditionalWriteMixin):
    """``ConditionalWriteMixin`` for viewsets that also edit (PUT, PATCH): ``If-Match`` is
    judged before the body. A viewset whose records change only by transitions (obligations)
    takes ``ConditionalWriteMixin`` alone, so PUT and PATCH stay 405 there."""

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Judge the precondition before the body, as HTTP says; the service judges it again.
        self.if_match(self.get_object())  # type: ignore[attr-defined]
        return super().update(request, *args, **kwargs)  # type: ignore[misc]

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)  # type: ignore[misc]


def version_conflict_response(exc: VersionConflict, context: dict[str, Any]) -> Response:
    """412 for a stale ``If-Match`` (409 when the person's version came some other way), with
    the current version as ETag and in the body, and the record as stored now."""
    request = context.get("request")
    asked = request is not None and "If-Match" in request.headers
    body: dict[str, Any] = {
        "detail": " ".join(exc.messages),
        "messages": exc.messages,
        "version": exc.current_version,
    }
    view = context.get("view")
    if view is not None and getattr(view, "detail", False):
        try:
            current = view.get_object()
            body["current"] = view.get_serializer(current).data
            body["version"] = current.version
        except (Http404, APIException):  # gone or hidden now; the version still answers
            pass
    response = Response(
        body,
        status=status.HTTP_412_PRECONDITION_FAILED if asked else status.HTTP_409_CONFLICT,
    )
    response["ETag"] = etag(body["version"])
    return response
