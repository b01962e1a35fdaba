"""One way every create and edit page behaves: validate the forms, let the service decide,
show its refusal with what was typed kept, and go to the saved record when it is done.

An edit page carries the version of the record it was opened with (a hidden ``version``
field); the page's save passes ``opened_version(request)`` to the service. A save refused
because someone else saved meanwhile shows the stored values beside what was typed, keeps what
was typed, and carries the current version, so saving again is a deliberate choice. Every
field also carries the value it was opened with, and a save sends the service only what the
person changed (``changed_fields``, ``rows_changed``, ``if_changed``), as a PATCH would.
Rows go to the services whole, so a save that changes rows someone else changed since the
page was opened (``rows_moved``) is refused before it reaches them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.bounds import ascii_whole_number
from core.errors import DomainError, VersionConflict
from core.history import stored_beside_typed
from web.shared.feedback import report_refusal

Saved = TypeVar("Saved")
Part = TypeVar("Part")
_RECORD: Any = object()  # ``record_form_page`` edits the record it shows unless told otherwise


def opened_version(request: HttpRequest) -> int | None:
    """The version of the record the page was opened with, as the form sent it back."""
    return ascii_whole_number(request.POST.get("version", ""))


def _remember_opened_values(forms: Sequence[Any]) -> None:
    """Every field also carries, hidden, the value the page was opened with (Django keeps it
    through a refused save), so ``changed_fields`` knows what the person changed since."""
    for form in forms:
        for each in getattr(form, "forms", [form]):  # a formset's rows, or the form itself
            for field in each.fields.values():
                field.show_hidden_initial = True


def changed_fields(form: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Of ``values`` (cleaned, for the service), those the person changed since the page was
    opened; all of them for a new record. A save after a refused one then writes only what the
    person typed, never a stale value over a field someone else saved meanwhile."""
    if form.instance.pk is None:
        return values
    return {name: value for name, value in values.items() if name in form.changed_data}


def rows_changed(formset: Any) -> bool:
    """Whether the person changed a formset's rows since the page was opened: a row edited,
    added or marked for removal, or fewer rows sent than the page opened with."""
    return bool(formset.has_changed() or formset.total_form_count() < formset.initial_form_count())


def rows_moved(formset: Any) -> bool:
    """Whether someone else changed a formset's rows since the page was opened: the rows
    stored now (the formset's ``initial``, which an edit page gives on a save as well) differ
    from the rows the page was opened with (the count it was sent and each field's hidden
    opened value). Rows sent without their opened values (not from the page) cannot be
    judged and count as unmoved."""
    if not formset.is_bound or formset.initial is None:
        return False
    if not any(key.startswith(f"initial-{formset.prefix}-") for key in formset.data):
        return False
    if formset.initial_form_count() != len(formset.initial):
        return True
    for form in formset.initial_forms:
        for name, field in form.fields.items():
            opened_name = form.add_initial_prefix(name)
            if opened_name not in form.data:
                continue
            opened = field.widget.value_from_datadict(form.data, form.files, opened_name)
            if field.has_changed(form.get_initial_for_field(field, name), opened):
                return True
    return False


def _rows_overtaken(forms: Sequence[Any]) -> bool:
    """Whether saving would replace rows someone else changed meanwhile with the person's: the
    services take a formset's rows whole, so the person's changed rows would undo theirs."""
    formsets = [form for form in forms if hasattr(form, "initial_forms")]
    return any(rows_changed(rows) and rows_moved(rows) for rows in formsets)


def if_changed(changed: bool, value: Part) -> Part | None:
    """``value`` for a part of the record (links, formset rows) the person changed since the
    page was opened, else None: the services keep a part given as None as it is stored."""
    return value if changed else None


def edit_page(
    request: HttpRequest,
    *,
    forms: Sequence[Any],
    save: Callable[[], Saved],
    done: Callable[[Saved], HttpResponse],
    template: str,
    context: dict[str, Any],
    edited: Any = None,
) -> HttpResponse:
    """``forms`` are bound to ``request.POST`` on a POST; ``save`` calls the service with their
    cleaned data (and, editing ``edited``, ``expected_version=opened_version(request)``);
    ``done`` answers once it has saved (usually a redirect with a message)."""
    status = 200
    version = None if edited is None else edited.version
    _remember_opened_values(forms)
    if request.method == "POST":
        version = opened_version(request) if edited is not None else None
        if all([form.is_valid() for form in forms]):  # a list: every form shows its errors
            if _rows_overtaken(forms):
                messages.error(
                    request,
                    _(
                        "Someone else changed these rows since you opened the page, and "
                        "saving yours would undo their changes. Nothing is saved; what you "
                        "typed is kept below. Open the page again to see the rows as stored, "
                        "and make your changes there."
                    ),
                )
                context["opened_version"] = version
                return render(request, template, context, status=409)
            try:
                saved = save()
            except VersionConflict as conflict:
                status = report_refusal(request, conflict)
                messages.info(
                    request,
                    _(
                        "What you typed is kept below, beside what is stored now. Saving again "
                        "stores what you changed; what you left alone keeps what is stored."
                    ),
                )
                stored = type(edited)._base_manager.get(pk=edited.pk)
                context["stale_values"] = stored_beside_typed(stored, forms[0].cleaned_data)
                version = conflict.current_version
            except DomainError as refusal:
                status = report_refusal(request, refusal)
            else:
                return done(saved)
        else:
            messages.error(request, _("Please correct the marked fields."))
            status = 400
    context["opened_version"] = version
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
    edited: Any = _RECORD,
) -> HttpResponse:
    """``edit_page`` for one record on the shared record form: once saved, it says so by the
    record's name and opens the ``detail`` page of what was saved. ``record`` is what Cancel
    goes back to; ``edited`` the record being edited, if it is not ``record``."""

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
        edited=record if edited is _RECORD else edited,
    )
