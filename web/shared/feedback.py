"""How a page tells the person that a service refused what they asked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import DomainError
from core.lifecycle import transitions_by_name

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def report_refusal(request: HttpRequest, refusal: DomainError) -> int:
    """Show each reason as an error message; return the HTTP status the page answers with."""
    for text in refusal.messages:
        messages.error(request, text)
    return refusal.http_status


def report_refusal_beside(
    request: HttpRequest, refusal: DomainError, *, form: Any, field: str
) -> int:
    """``report_refusal``, and each reason also beside ``field`` of the form that was sent, so a
    person looking at the field (an upload's file, far down the page) reads why there."""
    if form.is_valid():  # else the form's own errors already stand beside their fields
        for text in refusal.messages:
            form.add_error(field, text)
    return report_refusal(request, refusal)


def forbidden_page(request: HttpRequest) -> HttpResponse:
    """The page a person sees where their role gives them no access."""
    return render(request, "web/forbidden.html", status=403)


@dataclass(frozen=True)
class KeptTyping:
    """What a person typed into a form that was refused, to show where the form no longer can
    be (read-only, so it can be copied), and how many files they chose: a browser never
    refills a file field, so the page says to choose them again."""

    fields: list[tuple[str, str]]  # (label, text) of each field typed into, in the form's order
    uploads: int = 0


def kept_typing(
    request: HttpRequest, labels: Sequence[tuple[str, StrOrPromise]], *, files: str = "files"
) -> KeptTyping:
    """``KeptTyping`` of the posted fields named in ``labels`` (name, label), leaving out those
    left empty, and of the files posted as ``files``."""
    typed = [(str(label), request.POST.get(name, "")) for name, label in labels]
    return KeptTyping(
        fields=[(label, text) for label, text in typed if text.strip()],
        uploads=len(request.FILES.getlist(files)),
    )


@dataclass(frozen=True)
class RefusedMove:
    """A move on an item (accept, return, submit...) that its service refused: the page shows
    the move's form open with its reasons and what was typed still in its fields, or, when
    the item has moved on meanwhile and no longer offers it, the typing to copy."""

    name: str
    label: str
    reasons: list[str]
    typed: dict[str, str]  # field name → text, as posted, to put back in the move's form
    kept: KeptTyping


def refused_move(
    request: HttpRequest,
    refusal: DomainError,
    *,
    item: Model,
    name: str,
    fields: Sequence[tuple[str, StrOrPromise]],
    page_address: str,
) -> tuple[int, dict[str, Any]]:
    """``report_refusal`` for a move posted from an item's page to the move's own address:
    the status to answer with, and what the item's page adds to its context to show it
    (``refused``, a ``RefusedMove``; ``page_address``, the page's own address, which the
    browser then shows instead of the move's, so reloading reads the page rather than sending
    the move again). ``fields`` name the move's form fields and their labels."""
    declared = transitions_by_name(type(item)).get(name)
    refused = RefusedMove(
        name=name,
        label=str(declared[0].custom["label"]) if declared else name,
        reasons=refusal.messages,
        typed={field: request.POST.get(field, "") for field, _label in fields},
        kept=kept_typing(request, fields),
    )
    return report_refusal(request, refusal), {"refused": refused, "page_address": page_address}
