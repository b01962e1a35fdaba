"""How a page tells the person that a service refused what they asked."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import DomainError


def report_refusal(request: HttpRequest, refusal: DomainError) -> int:
    """Show each reason as an error message; return the HTTP status the page answers with."""
    for text in refusal.messages:
        messages.error(request, text)
    return refusal.http_status


def forbidden_page(request: HttpRequest) -> HttpResponse:
    """The page a person sees where their role gives them no access."""
    return render(request, "web/forbidden.html", status=403)
