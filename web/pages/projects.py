"""The project and obligation registers: lists, a project's page, an obligation's page and the
moves on them. Reads go through selectors, writes through the registers' services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.errors import ActionBlocked, DomainError
from core.history import readable_edits
from core.lifecycle import available_transitions
from projects import permissions as may
from projects import selectors
from projects.filters import ObligationFilter, ProjectFilter
from projects.models import (
    Obligation,
    ProgressActual,
    ProgressReport,
    Project,
    ProjectDocument,
    ResultIndicator,
)
from projects.services.obligations import obligation_transition
from projects.services.progress import progress_report_decide, progress_report_submit
from web.documents import exports
from web.forms.common import AttachmentForm
from web.forms.projects import ProgressReportForm
from web.shared.downloads import document_response
from web.shared.feedback import report_refusal
from web.shared.listing import filtered_page, filtered_rows


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilter(request.GET, queryset=selectors.project_register())
    ordering = ["-actual_start", "-id"]
    if request.GET.get("export") == "xlsx":
        return exports.project_register_xlsx(filtered_rows(filters, ordering))
    page, query = filtered_page(request, filters, ordering)
    context = {
        "filters": filters,
        "page": page,
        "query": query,
        "can_keep": may.can_keep_register(request.user),
    }
    return render(request, "web/projects.html", context)


def render_project_page(
    request: HttpRequest, pk: int, status: int = 200, **extra: Any
) -> HttpResponse:
    project = get_object_or_404(selectors.project_register(), pk=pk)
    reports = project.progress_reports.select_related(
        "submitted_by", "decided_by"
    ).prefetch_related("actuals__indicator")
    context = {
        "project": project,
        "totals": selectors.budget_totals(project),
        "obligations": project.obligations.select_related("responsible_unit"),
        "reports": reports,
        "can_report": may.can_report_progress(project, request.user)
        and project.next_report_due is not None,
        "can_decide": may.can_keep_register(request.user),
        "indicators": ResultIndicator.objects.filter(result__project=project),
        "report_form": ProgressReportForm(),
        "edits": readable_edits(project.edits.select_related("actor"), Project),
        "documents": project.documents.select_related("uploaded_by", "submission"),
        "can_keep": may.can_keep_register(request.user),
        "can_add_documents": may.can_report_progress(project, request.user),
        "document_form": AttachmentForm(),
        **extra,
    }
    return render(request, "web/project_detail.html", context, status=status)


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_project_page(request, pk)


def _claimed_actuals(request: HttpRequest, pk: int) -> dict[ResultIndicator, Decimal]:
    """The actuals typed on the page, read by the form field of the model's own value field,
    so the page refuses what the API refuses (no NaN or Infinity, nothing beyond an amount's
    digits); a decimal comma is read as a point."""
    field = ProgressActual._meta.get_field("value").formfield()
    assert field is not None
    actuals = {}
    for indicator in ResultIndicator.objects.filter(result__project_id=pk):
        raw = request.POST.get(f"actual-{indicator.pk}", "").strip().replace(",", ".")
        if not raw:
            continue
        try:
            actuals[indicator] = field.clean(raw)
        except ValidationError as exc:
            raise ActionBlocked(
                *[
                    _("“%(value)s” (%(indicator)s): %(problem)s")
                    % {"value": raw[:40], "indicator": indicator.title, "problem": problem}
                    for problem in exc.messages
                ]
            ) from exc
    return actuals


@login_required
@require_POST
def progress_submit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(selectors.project_register(), pk=pk)
    form = ProgressReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionBlocked(*[str(e) for errors in form.errors.values() for e in errors])
        progress_report_submit(
            project=project,
            user=signed_in_user(request),
            actuals=_claimed_actuals(request, pk),
            **form.cleaned_data,
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        return render_project_page(request, pk, status=status, report_form=form)
    messages.success(request, _("The progress report is submitted."))
    return redirect("project-detail", pk=pk)


@login_required
@require_POST
def progress_decide(request: HttpRequest, pk: int, report: int, name: str) -> HttpResponse:
    chosen = get_object_or_404(ProgressReport, pk=report, project_id=pk)
    try:
        progress_report_decide(
            report=chosen,
            user=signed_in_user(request),
            name=name,
            comment=request.POST.get("comment", ""),
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        return render_project_page(request, pk, status=status)
    messages.success(
        request, _("Done: the report is “%(state)s”.") % {"state": chosen.get_state_display()}
    )
    return redirect("project-detail", pk=pk)


@login_required
def obligation_list(request: HttpRequest) -> HttpResponse:
    filters = ObligationFilter(request.GET, queryset=selectors.obligation_register())
    ordering = ["due_date", "id"]
    if request.GET.get("export") == "xlsx":
        return exports.obligation_register_xlsx(filtered_rows(filters, ordering))
    page, query = filtered_page(request, filters, ordering)
    return render(
        request, "web/obligations.html", {"filters": filters, "page": page, "query": query}
    )


def _obligation_page(
    request: HttpRequest, pk: int, status: int = 200, **extra: Any
) -> HttpResponse:
    obligation = get_object_or_404(selectors.obligation_register(), pk=pk)
    context = {
        "obligation": obligation,
        "transitions": available_transitions(obligation, request.user),
        "history": obligation.logs.select_related("actor"),
        "edits": readable_edits(obligation.edits.select_related("actor"), Obligation),
        "can_edit": may.can_correct_obligation(obligation, request.user),
        "submissions": obligation.submissions.select_related("submitted_by").prefetch_related(
            "documents"
        ),
        **extra,
    }
    return render(request, "web/obligation_detail.html", context, status=status)


@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _obligation_page(request, pk)


@login_required
@require_POST
def obligation_move(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    obligation = get_object_or_404(Obligation, pk=pk)
    try:
        obligation_transition(
            obligation=obligation,
            user=signed_in_user(request),
            name=name,
            comment=request.POST.get("comment", ""),
            report=request.POST.get("report", ""),
            uploads=request.FILES.getlist("files"),
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        return _obligation_page(
            request,
            pk,
            status=status,
            failed_action=name,
            typed={
                "comment": request.POST.get("comment", ""),
                "report": request.POST.get("report", ""),
            },
        )
    messages.success(
        request,
        _("Done: the obligation is “%(state)s”.") % {"state": obligation.get_state_display()},
    )
    return redirect("obligation-detail", pk=pk)


@login_required
def project_document_download(request: HttpRequest, pk: int, document: int) -> FileResponse:
    return document_response(get_object_or_404(ProjectDocument, pk=document, project_id=pk))
