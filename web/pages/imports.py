"""Importing existing registers: upload, read the dry-run report, then import; and the blank
workbook of each register. The department keeps the registers."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.errors import ActionBlocked, DomainError
from imports.models import ImportBatch
from imports.permissions import can_import_registers
from imports.refused_rows import refused_line_count, refused_rows_workbook
from imports.registers import REGISTERS
from imports.services import import_apply, import_check, read_upload
from imports.templates_xlsx import blank_workbook
from web.forms.imports import ImportForm
from web.shared.downloads import made_file_response
from web.shared.feedback import forbidden_page, report_refusal
from web.shared.routes import under

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_import_registers(user):
        return forbidden_page(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ActionBlocked(*[str(e) for errors in form.errors.values() for e in errors])
            upload = form.cleaned_data["file"]
            if upload is None:
                raise ActionBlocked(_("Choose a file to upload."))
            batch = import_check(
                user=user,
                register=form.cleaned_data["register"],
                file_name=upload.name or "",
                content=read_upload(upload),
            )
        except DomainError as refusal:
            status = report_refusal(request, refusal)
        else:
            return redirect("import-detail", pk=batch.pk)
    context = {
        "form": form,
        "registers": REGISTERS.values(),
        "batches": ImportBatch.objects.select_related("uploaded_by").defer("content")[:20],
    }
    return render(request, "web/imports/start.html", context, status=status)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry run's report; with ``?refused=xlsx``, its refused rows as a file to correct."""
    if not can_import_registers(request.user):
        return forbidden_page(request)
    if request.GET.get("refused") == "xlsx":
        return _refused_rows(get_object_or_404(ImportBatch, pk=pk))
    batch = get_object_or_404(ImportBatch.objects.defer("content"), pk=pk)
    context = {
        "batch": batch,
        "register": REGISTERS[batch.register],
        "report": batch.report,
        "refused_count": refused_line_count(batch.report),
    }
    return render(request, "web/imports/detail.html", context)


def _refused_rows(batch: ImportBatch) -> HttpResponse:
    response = HttpResponse(refused_rows_workbook(batch=batch), content_type=XLSX)
    stem = PurePath(batch.file_name).stem or "file"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{stem}-refused.xlsx"
    )
    return response


@login_required
@require_POST
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        import_apply(
            batch=batch,
            user=signed_in_user(request),
            valid_rows_only=request.POST.get("valid_rows_only") == "on",
        )
    except DomainError as refusal:
        report_refusal(request, refusal)
    else:
        messages.success(request, _("The file is imported."))
    return redirect("import-detail", pk=pk)


@login_required
def import_template(request: HttpRequest, register: str) -> HttpResponse:
    if register not in REGISTERS:
        raise Http404
    return made_file_response(
        blank_workbook(REGISTERS[register]),
        content_type=XLSX,
        filename=f"donorflow-{register}.xlsx",
    )


urlpatterns = under(
    "imports/",
    ("", import_start, "imports"),
    ("<int:pk>/", import_detail, "import-detail"),
    ("<int:pk>/import/", import_run, "import-run"),
    ("blank/<slug:register>.xlsx", import_template, "import-template"),
)
