"""Typed reading of test-client responses the stubs leave loose."""

from __future__ import annotations

from django.http import HttpResponseBase, StreamingHttpResponse


def streamed(response: HttpResponseBase) -> bytes:
    """The whole body of a streamed download (a FileResponse), as the browser receives it."""
    assert isinstance(response, StreamingHttpResponse), type(response)
    return response.getvalue()
