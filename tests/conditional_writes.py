"""Checks every versioned register shares over the API: a write changes only what it names, the
history says exactly that, and ETag / If-Match make a write conditional."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.serializers import BaseSerializer
from rest_framework.test import APIClient

GEORGIAN = ("\u10d0", "\u10ff")


def _georgian(text: str) -> bool:
    return any(GEORGIAN[0] <= ch <= GEORGIAN[1] for ch in text)


def while_the_request_runs(
    monkeypatch: Any, serializer_class: type[BaseSerializer[Any]], meanwhile: Callable[[], object]
) -> None:
    """Run ``meanwhile`` (someone else's save) after the request has read the record and before
    its write: the copy the view holds is then older than the row."""
    original = serializer_class.is_valid
    done: list[bool] = []

    def is_valid(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not done:
            done.append(True)
            meanwhile()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(serializer_class, "is_valid", is_valid)


def assert_conditional_writes(
    client: APIClient, url: str, body: dict[str, Any], method: str = "patch"
) -> dict[str, Any]:
    """GET carries the ETag; a stale If-Match is refused with 412 and the current version and
    record; the current one writes and answers with the next ETag. Returns the last answer."""
    read = client.get(url)
    assert read.status_code == 200
    version = read.json()["version"]
    assert read["ETag"] == f'"{version}"'

    stale = getattr(client, method)(url, body, format="json", HTTP_IF_MATCH=f'"{version + 7}"')
    assert stale.status_code == 412, stale.content
    refusal = stale.json()
    assert refusal["version"] == version and stale["ETag"] == f'"{version}"'
    assert refusal["current"]["id"] == read.json()["id"]
    assert refusal["current"]["version"] == version
    assert _georgian(refusal["detail"]) and refusal["messages"] == [refusal["detail"]]
    assert client.get(url).json() == read.json()  # nothing was written

    fresh = getattr(client, method)(url, body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert fresh.status_code == 200, fresh.content
    assert fresh.json()["version"] == version + 1
    assert fresh["ETag"] == f'"{version + 1}"'

    again = getattr(client, method)(url, body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert again.status_code == 412 and again.json()["version"] == version + 1
    return dict(fresh.json())
