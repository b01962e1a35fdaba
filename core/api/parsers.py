"""The API's JSON parser: DRF's, refusing a body nested too deeply with a 400, and saying
what is wrong with a body that is no JSON in the person's language.

Python's decoder recurses once per level, so ``[[[[…]]]]`` a hundred thousand deep raised a
RecursionError, which no view handles (a 500). No request the API takes nests beyond a few
levels; MAX_DEPTH leaves room for any of them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests lists or objects deeper than MAX_DEPTH (walked without
    recursion)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > MAX_DEPTH:
                return True
            pending.extend((item, depth + 1) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        refusal = _("The JSON is nested more than %(most)d levels deep.") % {"most": MAX_DEPTH}
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(refusal) from exc
        except ParseError as exc:
            # DRF's own detail is the decoder's English (with Python's advice in it).
            raise ParseError(
                _("The request body is not valid JSON (UTF-8, standard numbers, no NaN).")
            ) from exc
        if _too_deep(data):
            raise ParseError(refusal)
        return data


class MultipartCreateMixin:
    """For viewsets whose ``create`` takes an uploaded file: that body is read only as
    multipart; the other actions keep the API's parsers."""

    def get_parsers(self) -> list[parsers.BaseParser]:
        # Parsers are chosen before the viewset sets ``action``; read it from the method.
        request = getattr(self, "request", None)
        method = ((request and request.method) or "").lower()
        if self.action_map.get(method) == "create":  # type: ignore[attr-defined]
            return [parsers.MultiPartParser()]  # a file travels only in multipart
        return super().get_parsers()  # type: ignore[misc]
