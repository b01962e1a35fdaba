"""IATI in the app: the public projects' file to download, and a donor's file to read into
the register (new activities become opportunities, known ones are reconciled)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.errors import ActionBlocked, DomainError
from core.models import Donor, OrganisationalUnit
from iati import export
from iati.matching import classify
from iati.models import IatiImport
from iati.services import iati_activity_adopt, iati_import_create, iati_project_reconcile
from imports.services import read_upload
from projects.permissions import can_keep_register
from web.feedback import forbidden_page, report_refusal
from workflow.models import Opportunity


class IatiFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("IATI activities file (XML)"))


class AdoptForm(forms.Form):
    identifier = forms.CharField(widget=forms.HiddenInput)
    owning_unit = forms.ModelChoiceField(
        queryset=OrganisationalUnit.objects.filter(is_active=True),
        label=gettext_lazy("owning unit"),
    )
    donor = forms.ModelChoiceField(
        queryset=Donor.objects.filter(is_active=True), label=gettext_lazy("donor")
    )
    kind = forms.ChoiceField(choices=Opportunity.Kind.choices, label=gettext_lazy("kind"))


@login_required
def iati_export(request: HttpRequest) -> HttpResponse:
    result = export.published()
    if not result.written:
        messages.error(request, _("No public project can be published yet."))
        return redirect("projects")
    response = HttpResponse(result.xml, content_type="application/xml; charset=utf-8")
    name = f"donorflow-iati-{timezone.localdate():%Y-%m-%d}.xml"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def iati_import(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_keep_register(user):
        return forbidden_page(request)
    form = IatiFileForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ActionBlocked(_("Choose a file to upload."))
            upload = form.cleaned_data["file"]
            iati_import = iati_import_create(
                user=user, file_name=upload.name or "", data=read_upload(upload)
            )
        except DomainError as refusal:
            status = report_refusal(request, refusal)
        else:
            return redirect("iati-import-detail", pk=iati_import.pk)
    context = {
        "form": form,
        "imports": IatiImport.objects.select_related("created_by").defer("activities")[:20],
        "skipped": export.unpublishable(export.published_projects()),
    }
    return render(request, "web/iati_import.html", context, status=status)


class DonorGuess:
    """The active donor an activity most likely names: by its IATI identifier, else by its
    English name, else by its Georgian one. The donors are read once for the whole file."""

    def __init__(self) -> None:
        self.by_ref: dict[str, Donor] = {}
        self.by_name_en: dict[str, Donor] = {}
        self.by_name_ka: dict[str, Donor] = {}
        for donor in Donor.objects.filter(is_active=True):  # in the directory's order
            if donor.iati_identifier:
                self.by_ref.setdefault(donor.iati_identifier, donor)
            if donor.name_en:
                self.by_name_en.setdefault(donor.name_en, donor)
            self.by_name_ka.setdefault(donor.name_ka, donor)

    def __call__(self, ref: str, name: str) -> Donor | None:
        return (
            (self.by_ref.get(ref) if ref else None)
            or (self.by_name_en.get(name) if name else None)
            or (self.by_name_ka.get(name) if name else None)
        )


def _choices_read_once(adopt_forms: list[AdoptForm]) -> None:
    """Every candidate's form offers the same units and donors: read them once, not per form."""
    for name in ("owning_unit", "donor"):
        fields = [form.fields[name] for form in adopt_forms]
        if not fields:
            return
        assert isinstance(fields[0], forms.ModelChoiceField)
        choices = list(cast(Iterable[Any], fields[0].choices))
        for field in fields:
            assert isinstance(field, forms.ModelChoiceField)
            field.choices = choices


def render_import_page(request: HttpRequest, pk: int, status: int = 200) -> HttpResponse:
    iati_import = get_object_or_404(IatiImport, pk=pk)
    new, known = classify(iati_import.records())
    donor_for = DonorGuess()
    candidates = [
        (
            activity,
            AdoptForm(
                initial={
                    "identifier": activity.identifier,
                    "donor": donor_for(
                        activity.funder_ref or activity.reporting_org_ref,
                        activity.funder or activity.reporting_org,
                    ),
                    "kind": Opportunity.Kind.GRANT,
                },
                prefix=f"a{index}",
            ),
        )
        for index, activity in enumerate(new)
    ]
    _choices_read_once([form for _activity, form in candidates])
    context = {"iati_import": iati_import, "candidates": candidates, "known": known}
    return render(request, "web/iati_import_detail.html", context, status=status)


@login_required
def iati_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_keep_register(request.user):
        return forbidden_page(request)
    return render_import_page(request, pk)


@login_required
@require_POST
def iati_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_keep_register(request.user):
        return forbidden_page(request)
    iati_import = get_object_or_404(IatiImport, pk=pk)
    prefix = request.POST.get("prefix", "")
    form = AdoptForm(request.POST, prefix=prefix or None)
    try:
        if not form.is_valid():
            raise ActionBlocked(*[str(e) for errors in form.errors.values() for e in errors])
        opportunity = iati_activity_adopt(
            iati_import=iati_import,
            identifier=form.cleaned_data["identifier"],
            user=signed_in_user(request),
            owning_unit=form.cleaned_data["owning_unit"],
            donor=form.cleaned_data["donor"],
            kind=form.cleaned_data["kind"],
        )
    except DomainError as refusal:
        return render_import_page(request, pk, status=report_refusal(request, refusal))
    messages.success(
        request,
        _("%(reference)s is registered from the file.") % {"reference": opportunity.reference},
    )
    return redirect("iati-import-detail", pk=pk)


@login_required
@require_POST
def iati_reconcile(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_keep_register(request.user):
        return forbidden_page(request)
    iati_import = get_object_or_404(IatiImport, pk=pk)
    try:
        project = iati_project_reconcile(
            iati_import=iati_import,
            identifier=request.POST.get("identifier", ""),
            user=signed_in_user(request),
            take=request.POST.getlist("take"),
        )
    except DomainError as refusal:
        return render_import_page(request, pk, status=report_refusal(request, refusal))
    messages.success(
        request, _("“%(title)s” now holds the chosen values.") % {"title": project.title_ka}
    )
    return redirect("iati-import-detail", pk=pk)
