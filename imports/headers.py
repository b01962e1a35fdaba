"""Recognising a column by the header a clerk typed over it.

Headers in real registers drift from the blank file's: "დასახელება(ქართულად)", "Planned
start:", "budget (EUR)", "resp. unit", "duration days". A header is tried against every name
a column goes by, looser each step, and taken at the first step where exactly one column
fits:

1. the same letters and digits (spaces, punctuation and case do not count);
2. the same, once words in brackets are left out on either side ("budget (EUR)" → "budget");
3. word by word, where a word ending in a full stop stands for any word it begins
   ("resp. unit" → "responsible unit").

A header that fits no column is reported with the nearest name, so a typo is seen, not
silently dropped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"\w+\.?")
# How alike two headers must be (difflib's ratio) for one to be offered for the other.
_NEAREST_CUTOFF = 0.6


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _unbracketed(text: str) -> str:
    return _letters(_BRACKETS.sub(" ", text))


def _words(text: str) -> list[str]:
    return _WORD.findall(_BRACKETS.sub(" ", text).casefold().replace("_", " "))


def _abbreviates(header: list[str], name: list[str]) -> bool:
    if len(header) != len(name) or not any(word.endswith(".") for word in header):
        return False
    for typed, word in zip(header, name, strict=True):
        stem = typed.rstrip(".")
        if typed.endswith(".") and len(stem) >= 2 and word.startswith(stem):
            continue
        if stem != word.rstrip("."):
            return False
    return True


def match_header(header: str, names: Mapping[str, Iterable[str]]) -> str | None:
    """The key of the one column (``names``: key → the names it goes by) the header fits,
    or None when it fits none or more than one."""
    if not _letters(header):
        return None
    steps = (
        lambda name: _letters(name) == _letters(header),
        lambda name: bool(_unbracketed(header)) and _unbracketed(name) == _unbracketed(header),
        lambda name: _abbreviates(_words(header), _words(name)),
    )
    for fits in steps:
        found = {key for key, known in names.items() if any(fits(name) for name in known)}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    return None


def nearest_header(header: str, shown: Mapping[str, Iterable[str]]) -> str:
    """The name most like the header (``shown``: the name to offer → the names compared),
    or "" when none is near."""
    candidates = {
        _letters(name): offered for offered, names in shown.items() for name in names if name
    }
    close = difflib.get_close_matches(
        _letters(header), list(candidates), n=1, cutoff=_NEAREST_CUTOFF
    )
    return candidates[close[0]] if close else ""
