"""How every XML file the app reads is parsed: no entities expanded, no DTD loaded, nothing
fetched from the network, lxml's size limits kept. One set of options for the whole-file
parser and for the streaming reader alike."""

from __future__ import annotations

from typing import IO, Any

from lxml import etree

OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def parser() -> etree.XMLParser:
    return etree.XMLParser(**OPTIONS)


def iterparse(
    stream: IO[bytes], events: tuple[str, ...], tag: str | tuple[str, ...] | None = None
) -> Any:
    return etree.iterparse(stream, events=events, tag=tag, **OPTIONS)
