"""One way every create and edit page behaves: validate the forms, let the service decide,
show its refusal with what was typed kept, and go to the saved record when it is done."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import DomainError
from web.feedback import report_refusal

Saved = TypeVar("Saved")


def edit_page(
    request: HttpRequest,
    *,
    forms: Sequence[Any],
    save: Callable[[], Saved],
    done: Callable[[Saved], HttpResponse],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """``forms`` are bound to ``request.POST`` on a POST; ``save`` calls the service with their
    cleaned data; ``done`` answers once it has saved (usually a redirect with a message)."""
    status = 200
    if request.method == "POST":
        if all([form.is_valid() for form in forms]):  # a list: every form shows its errors
            try:
                saved = save()
            except DomainError as refusal:
                status = report_refusal(request, refusal)
            else:
                return done(saved)
        else:
            messages.error(request, _("Please correct the marked fields."))
            status = 400
    return render(request, template, context, status=status)


def record_form_page(
    request: HttpRequest,
    *,
    form: Any,
    record: Any,
    save: Callable[[], Any],
    detail: str,
    heading: str,
    cancel_url: str,
) -> HttpResponse:
    """``edit_page`` for one record on the shared record form: once saved, it says so by the
    record's name and opens the ``detail`` page of what was saved."""

    def done(saved: Any) -> HttpResponse:
        messages.success(request, _("Saved: %(title)s.") % {"title": str(saved)})
        return redirect(detail, pk=saved.pk)

    return edit_page(
        request,
        forms=[form],
        save=save,
        done=done,
        template="web/record_form.html",
        context={"form": form, "record": record, "heading": heading, "cancel_url": cancel_url},
    )
