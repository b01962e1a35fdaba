"""Entering and correcting projects and obligations, and keeping a project's documents.
The department keeps both registers; the services check it again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.errors import DomainError
from projects import permissions as may
from projects.models import Obligation, Project
from projects.services.documents import project_document_add
from projects.services.obligations import obligation_create, obligation_update
from projects.services.projects import project_create, project_update
from web.forms.common import AttachmentForm
from web.forms.projects import (
    BudgetLineFormSet,
    IndicatorRowFormSet,
    ObligationForm,
    ParticipantFormSet,
    ProjectForm,
    SectorFormSet,
    filled_rows,
    project_initial,
    results_from_rows,
)
from web.project_views import render_project_page
from web.shared.editing import (
    changed_fields,
    edit_page,
    opened_version,
    record_form_page,
    rows_changed,
)
from web.shared.feedback import forbidden_page, report_refusal


def _save_project(request: HttpRequest, project: Project | None) -> HttpResponse:
    user = signed_in_user(request)
    if not may.can_keep_register(user):
        return forbidden_page(request)
    data = request.POST or None
    initial = project_initial(project) if project and not data else {}
    form = ProjectForm(data, instance=Project.objects.get(pk=project.pk) if project else None)
    participants = ParticipantFormSet(
        data, prefix="participants", initial=initial.get("participants")
    )
    budget = BudgetLineFormSet(data, prefix="budget", initial=initial.get("budget"))
    sectors = SectorFormSet(data, prefix="sectors", initial=initial.get("sectors"))
    indicators = IndicatorRowFormSet(data, prefix="indicators", initial=initial.get("indicators"))

    def save() -> Project:
        parts: dict[str, tuple[bool, Any]] = {
            "participants": (rows_changed(participants), filled_rows(participants)),
            "budget_lines": (rows_changed(budget), filled_rows(budget)),
            "sectors": (rows_changed(sectors), filled_rows(sectors)),
            "results": (rows_changed(indicators), results_from_rows(filled_rows(indicators))),
            "target_areas": (
                "target_areas" in form.changed_data,
                list(form.cleaned_data["target_areas"]),
            ),
        }
        if project is None:
            every = {name: value for name, (_changed, value) in parts.items()}
            return project_create(user=user, fields=form.service_fields(), parts=every)  # type: ignore[arg-type]
        # Only the parts the person changed: the service keeps the others as stored.
        edited = {name: value for name, (changed, value) in parts.items() if changed}
        return project_update(
            project=project,
            user=user,
            fields=changed_fields(form, form.service_fields()),  # type: ignore[arg-type]
            parts=edited,  # type: ignore[arg-type]
            expected_version=opened_version(request),
        )

    def done(saved: Project) -> HttpResponse:
        messages.success(request, _("Saved: %(title)s.") % {"title": saved.title_ka})
        return redirect("project-detail", pk=saved.pk)

    formsets = {
        "participants": participants,
        "budget": budget,
        "sectors": sectors,
        "indicators": indicators,
    }
    return edit_page(
        request,
        forms=[form, *formsets.values()],
        save=save,
        done=done,
        template="web/project_form.html",
        context={"form": form, "project": project, **formsets},
        edited=project,
    )


@login_required
def project_create_page(request: HttpRequest) -> HttpResponse:
    return _save_project(request, None)


@login_required
def project_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_project(request, get_object_or_404(Project, pk=pk))


def _save_obligation(
    request: HttpRequest, project: Project, obligation: Obligation | None
) -> HttpResponse:
    user = signed_in_user(request)
    if not may.can_keep_register(user):
        return forbidden_page(request)
    instance = Obligation.objects.get(pk=obligation.pk) if obligation else None
    form = ObligationForm(request.POST or None, instance=instance)

    def save() -> Obligation:
        fields: Any = dict(form.cleaned_data)
        if obligation is None:
            return obligation_create(project=project, user=user, fields=fields)
        return obligation_update(
            obligation=obligation,
            user=user,
            fields=changed_fields(form, fields),  # type: ignore[arg-type]
            expected_version=opened_version(request),
        )

    return record_form_page(
        request,
        form=form,
        record=obligation or project,
        edited=obligation,
        save=save,
        detail="obligation-detail",
        heading=f"{project.title_ka}: {obligation or _('new obligation')}",
        cancel_url="obligation-detail" if obligation else "project-detail",
    )


@login_required
def obligation_create_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_obligation(request, get_object_or_404(Project, pk=pk), None)


@login_required
def obligation_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = get_object_or_404(Obligation.objects.select_related("project"), pk=pk)
    return _save_obligation(request, obligation.project, obligation)


@login_required
@require_POST
def project_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    try:
        document = project_document_add(
            project=project,
            user=signed_in_user(request),
            upload=request.FILES.get("file"),
            description=request.POST.get("description", ""),
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        return render_project_page(request, pk, status=status, document_form=form)
    messages.success(request, _("Uploaded: %(name)s.") % {"name": document.original_name})
    return redirect("project-detail", pk=pk)
