"""How a page tells the person that a service refused what they asked."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import DomainError


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
