"""Helpers for page tests: a signed-in client, and a page's form as a browser sends it back."""

from html.parser import HTMLParser
from typing import Any

from django.test import Client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class _FormFields(HTMLParser):
    """The values a browser would send with a page's own form, as it was served."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_form = False
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        # The page's own form posts back to its address (the header's forms name theirs).
        if tag == "form" and not self._done and "action" not in found:
            self._in_form = True
        if not self._in_form or ("name" not in found and tag != "option"):
            return
        name = found.get("name", "")
        if tag == "input" and found.get("type") in {"checkbox", "radio"}:
            if "checked" in found:
                self.fields.setdefault(name, []).append(found.get("value", "on"))
        elif tag == "input" and found.get("type") != "submit":
            self.fields.setdefault(name, []).append(found.get("value", ""))
        elif tag == "select":
            self._select = name
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in found:
            self.fields[self._select].append(found.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea][0] += data.removeprefix("\n")


def opened_form(client: Client, url: str) -> dict[str, Any]:
    parser = _FormFields()
    page = client.get(url)
    assert page.status_code == 200
    parser.feed(page.content.decode())
    parser.fields.pop("csrfmiddlewaretoken", None)
    return {
        name: values if len(values) != 1 else values[0] for name, values in parser.fields.items()
    }
