"""The directories everyone signed in reads: the organisational units (with their heads and
focal points), the donors and partners with the areas each gives to, and the frameworks the
state's commitments come from. The department keeps the units and donors here
(``core.roles.can_manage_directories`` says who, ``core.services`` writes), and the frameworks
and the donors' priorities (``commitments.permissions`` says who, ``commitments.services``
writes)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from commitments import permissions as commitments_may
from commitments.models import Framework
from commitments.services import (
    FrameworkFields,
    donor_priorities_set,
    framework_create,
    framework_update,
)
from core import selectors
from core.auth import signed_in_user
from core.models import Donor, OrganisationalUnit
from core.roles import can_manage_directories
from core.services import donor_create, donor_update, unit_create, unit_update
from web.forms.commitments import (
    DonorPriorityFormSet,
    FrameworkForm,
    priority_initial,
    priority_rows,
)
from web.forms.directories import DonorForm, UnitForm
from web.shared.editing import changed_fields, edit_page, opened_version, rows_changed
from web.shared.feedback import forbidden_page
from web.shared.routes import under

# A directory entry: a unit, a donor or a framework.
Entry = TypeVar("Entry", OrganisationalUnit, Donor, Framework)


@login_required
def units(request: HttpRequest) -> HttpResponse:
    context = {
        "units": selectors.unit_directory(),
        "can_keep": can_manage_directories(request.user),
    }
    return render(request, "web/directories/units.html", context)


@login_required
def donors(request: HttpRequest) -> HttpResponse:
    context = {
        "donors": selectors.donor_directory().prefetch_related("priorities__framework"),
        "can_keep_priorities": commitments_may.can_keep_donor_priorities(request.user),
        "can_keep": can_manage_directories(request.user),
    }
    return render(request, "web/directories/donors.html", context)


@login_required
def donor_priorities(request: HttpRequest, pk: int) -> HttpResponse:
    """What the donor gives to: frameworks, DAC sectors and themes, one a row."""
    user = signed_in_user(request)
    if not commitments_may.can_keep_donor_priorities(user):
        return forbidden_page(request)
    donor = get_object_or_404(Donor, pk=pk)
    data = request.POST or None
    rows = DonorPriorityFormSet(
        data,
        prefix="priorities",
        # Stored now, on a save as well: ``edit_page`` tells rows changed meanwhile by it.
        initial=priority_initial(donor.priorities.select_related("framework")),
    )

    def save() -> Any:
        if not rows_changed(rows):  # nothing to write, and nobody's rows to undo
            return donor
        return donor_priorities_set(donor=donor, user=user, priorities=priority_rows(rows))

    def done(saved: Any) -> HttpResponse:
        messages.success(request, _("Saved: %(title)s.") % {"title": donor.name})
        return redirect("donors")

    return edit_page(
        request,
        forms=[rows],
        save=save,
        done=done,
        template="web/directories/donor_priorities.html",
        context={"donor": donor, "rows": rows},
    )


@login_required
def frameworks(request: HttpRequest) -> HttpResponse:
    context = {
        # An aggregate leaves the model's ordering out: name it.
        "frameworks": Framework.objects.annotate(commitment_count=Count("commitments")).order_by(
            "position", "code"
        ),
        "can_keep": commitments_may.can_keep_commitments(request.user),
    }
    return render(request, "web/directories/frameworks.html", context)


def _entry_page(
    request: HttpRequest,
    entry: Entry | None,
    *,
    may_keep: bool,
    form_class: type[ModelForm[Any]],
    create: Callable[[dict[str, Any]], Entry],
    update: Callable[[Entry, dict[str, Any], int | None], Entry],
    register: str,
    anchor: str,
    new_heading: str,
) -> HttpResponse:
    """A directory entry's form, new or correcting one, through its service and the one edit
    path (the version it was opened with is checked; only the fields changed are written)."""
    if not may_keep:
        return forbidden_page(request)
    # The form writes cleaned values onto its instance while validating: give it its own copy.
    instance = type(entry).objects.get(pk=entry.pk) if entry else None
    form = form_class(request.POST or None, instance=instance)

    def save() -> Entry:
        fields = dict(form.cleaned_data)
        if entry is None:
            return create(fields)
        return update(entry, changed_fields(form, fields), opened_version(request))

    def done(saved: Entry) -> HttpResponse:
        messages.success(request, _("Saved: %(title)s.") % {"title": saved.name})
        return redirect(f"{reverse(register)}#{anchor}-{saved.pk}")

    return edit_page(
        request,
        forms=[form],
        save=save,
        done=done,
        template="web/record_form.html",
        context={
            "form": form,
            "record": None,
            "heading": entry.name if entry else new_heading,
            "cancel_url": register,
        },
        edited=entry,
    )


def _framework_page(request: HttpRequest, framework: Framework | None) -> HttpResponse:
    user = signed_in_user(request)
    return _entry_page(
        request,
        framework,
        may_keep=commitments_may.can_keep_commitments(user),
        form_class=FrameworkForm,
        create=lambda fields: framework_create(user=user, fields=cast(FrameworkFields, fields)),
        update=lambda kept, fields, version: framework_update(
            framework=kept,
            user=user,
            fields=cast(FrameworkFields, fields),
            expected_version=version,
        ),
        register="frameworks",
        anchor="framework",
        new_heading=_("New framework"),
    )


def _unit_page(request: HttpRequest, unit: OrganisationalUnit | None) -> HttpResponse:
    return _entry_page(
        request,
        unit,
        may_keep=can_manage_directories(request.user),
        form_class=UnitForm,
        create=lambda fields: unit_create(user=signed_in_user(request), fields=fields),
        update=lambda kept, fields, version: unit_update(
            unit=kept, fields=fields, expected_version=version
        ),
        register="units",
        anchor="unit",
        new_heading=_("New unit"),
    )


def _donor_page(request: HttpRequest, donor: Donor | None) -> HttpResponse:
    return _entry_page(
        request,
        donor,
        may_keep=can_manage_directories(request.user),
        form_class=DonorForm,
        create=lambda fields: donor_create(user=signed_in_user(request), fields=fields),
        update=lambda kept, fields, version: donor_update(
            donor=kept, fields=fields, expected_version=version
        ),
        register="donors",
        anchor="donor",
        new_heading=_("New donor or partner"),
    )


@login_required
def framework_create_page(request: HttpRequest) -> HttpResponse:
    return _framework_page(request, None)


@login_required
def framework_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _framework_page(request, get_object_or_404(Framework, pk=pk))


@login_required
def unit_create_page(request: HttpRequest) -> HttpResponse:
    return _unit_page(request, None)


@login_required
def unit_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _unit_page(request, get_object_or_404(OrganisationalUnit, pk=pk))


@login_required
def donor_create_page(request: HttpRequest) -> HttpResponse:
    return _donor_page(request, None)


@login_required
def donor_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _donor_page(request, get_object_or_404(Donor, pk=pk))


urlpatterns = under(
    "",
    ("units/", units, "units"),
    ("units/new/", unit_create_page, "unit-create"),
    ("units/<int:pk>/edit/", unit_edit_page, "unit-edit"),
    ("donors/", donors, "donors"),
    ("donors/new/", donor_create_page, "donor-create"),
    ("donors/<int:pk>/edit/", donor_edit_page, "donor-edit"),
    ("donors/<int:pk>/priorities/", donor_priorities, "donor-priorities"),
    ("frameworks/", frameworks, "frameworks"),
    ("frameworks/new/", framework_create_page, "framework-create"),
    ("frameworks/<int:pk>/edit/", framework_edit_page, "framework-edit"),
)
