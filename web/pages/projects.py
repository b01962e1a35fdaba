"""The project and obligation registers: the lists, a project's page (its progress reports,
documents and fiche), an obligation's page with its moves, and the forms that enter and
correct both. Reads go through ``projects.selectors``, rules through
``projects.permissions`` and the state machines' available moves, writes through the
registers' services. The department keeps both registers; the services check it again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.errors import ActionBlocked, DomainError
from core.history import readable_edits
from core.languages import requested_language
from core.lifecycle import AvailableTransition, available_transitions
from core.models import User
from projects import budget_gel, selectors
from projects import permissions as may
from projects.filters import ObligationFilter, ProjectFilter
from projects.models import (
    Obligation,
    ProgressActual,
    ProgressReport,
    Project,
    ProjectDocument,
    ResultIndicator,
)
from projects.services.documents import project_document_add
from projects.services.obligations import (
    obligation_create,
    obligation_transition,
    obligation_update,
)
from projects.services.progress import progress_report_decide, progress_report_submit
from projects.services.projects import project_create, project_update
from web.documents import exports
from web.documents.fiche import fiche_pdf_bytes
from web.forms.common import AttachmentForm
from web.forms.projects import (
    BudgetLineFormSet,
    IndicatorRowFormSet,
    ObligationForm,
    ParticipantFormSet,
    ProgressReportForm,
    ProjectForm,
    SectorFormSet,
    filled_rows,
    project_initial,
    results_from_rows,
)
from web.shared.downloads import document_response, made_file_response
from web.shared.editing import (
    changed_fields,
    edit_page,
    opened_version,
    record_form_page,
    rows_changed,
)
from web.shared.feedback import (
    forbidden_page,
    refused_move,
    report_refusal,
    report_refusal_beside,
)
from web.shared.listing import Sortable, filtered_rows, register_list_page
from web.shared.routes import under

# The columns the registers sort by (``?sort=``), as their tables name them.
PROJECT_COLUMNS: Sortable = {
    "title": ("title_ka",),
    "status": ("status",),
    "actual_start": ("actual_start",),
    "actual_end": ("actual_end",),
    "next_report_due": ("next_report_due",),
}
OBLIGATION_COLUMNS: Sortable = {
    "kind": ("kind",),
    "owed_under": ("project__title_ka", "commitment__reference"),
    "responsible_unit": ("responsible_unit__name_ka",),
    "due_date": ("due_date",),
    "recurrence": ("recurrence",),
    "state": ("state",),
}


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    filters = ProjectFilter(request.GET, queryset=selectors.project_register())
    ordering = ["-actual_start", "-id"]
    return register_list_page(
        request,
        filters,
        ordering,
        export=exports.project_register_xlsx,
        template="web/projects/list.html",
        sortable=PROJECT_COLUMNS,
        context={
            "can_keep": may.can_keep_register(request.user),
            # Called by the page only (not by the export): the selection's budget in lari.
            "gel": lambda: budget_gel.selection_total_in_gel(filtered_rows(filters, ordering)),
        },
    )


# What the page asks before a move on a progress report that needs no comment (a move that
# needs one opens a comment field instead); a move not named here asks "Confirm: <move>?".
REPORT_MOVE_QUESTIONS = {"accept": gettext_lazy("Accept the report?")}


def _report_moves(report: ProgressReport, user: User) -> list[tuple[AvailableTransition, str]]:
    """The moves this person may make on the report now, each with the question asked before
    it runs (empty for a move that asks for a comment)."""
    return [
        (
            move,
            ""
            if move.comment_required
            else str(
                REPORT_MOVE_QUESTIONS.get(move.name)
                or _("Confirm: %(action)s?") % {"action": move.label}
            ),
        )
        for move in available_transitions(report, user)
    ]


def render_project_page(
    request: HttpRequest, pk: int, status: int = 200, **extra: Any
) -> HttpResponse:
    user = signed_in_user(request)
    project = get_object_or_404(selectors.project_register(), pk=pk)
    reports = project.progress_reports.select_related(
        "submitted_by", "decided_by"
    ).prefetch_related("actuals__indicator")
    context = {
        "project": project,
        "totals": selectors.budget_totals(project),
        "gel": budget_gel.project_total_in_gel(project),
        "gel_lines": budget_gel.project_lines_in_gel(project),
        "obligations": project.obligations.select_related("responsible_unit"),
        "reports": [(report, _report_moves(report, user)) for report in reports],
        "can_report": may.can_report_progress_now(project, user),
        "indicators": ResultIndicator.objects.filter(result__project=project),
        "report_form": ProgressReportForm(),
        "edits": readable_edits(project.edits.select_related("actor"), Project),
        "documents": project.documents.select_related("uploaded_by", "submission"),
        "can_keep": may.can_keep_register(user),
        "can_add_documents": may.can_report_progress(project, user),
        "document_form": AttachmentForm(),
        **extra,
    }
    return render(request, "web/projects/detail.html", context, status=status)


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
    return register_list_page(
        request,
        ObligationFilter(request.GET, queryset=selectors.obligation_register()),
        ["due_date", "id"],
        export=exports.obligation_register_xlsx,
        template="web/projects/obligations.html",
        sortable=OBLIGATION_COLUMNS,
    )


# The fields of a move's form on an obligation's page, as its template labels them.
MOVE_FIELDS = [("comment", gettext_lazy("comment")), ("report", gettext_lazy("report"))]


def _returned_report(
    obligation: Obligation, submissions: list[Any], history: list[Any]
) -> dict[str, Any] | None:
    """For an obligation returned for revision: what was handed in last for its due date
    (``submissions`` newest first) and the department's return (who, when, why; ``history``
    oldest first), so the unit corrects the report rather than types it again."""
    if obligation.state != Obligation.State.RETURNED:
        return None
    due = obligation.due_date
    handed_in = next((s for s in submissions if s.due_date == due), None)
    returns = [log for log in history if log.transition == "return_for_revision"]
    return {
        "submission": handed_in,
        "log": next((r for r in reversed(returns) if r.due_date == due), None),
    }


def _obligation_page(
    request: HttpRequest, pk: int, status: int = 200, **extra: Any
) -> HttpResponse:
    obligation = get_object_or_404(selectors.obligation_register(), pk=pk)
    # A status report's claimed values go with it, so the department accepts what it sees.
    submissions = list(
        obligation.submissions.select_related("submitted_by").prefetch_related(
            "documents", "indicator_values__indicator"
        )
    )
    history = list(obligation.logs.select_related("actor"))
    transitions = available_transitions(obligation, request.user)
    refused = extra.get("refused")
    context = {
        "obligation": obligation,
        "transitions": transitions,
        "history": history,
        "edits": readable_edits(obligation.edits.select_related("actor"), Obligation),
        "can_edit": may.can_correct_obligation(obligation, request.user),
        "submissions": submissions,
        "returned": _returned_report(obligation, submissions, history),
        # A refused move the obligation no longer offers has no form to keep the typing in.
        "refused_elsewhere": refused is not None
        and refused.name not in {t.name for t in transitions},
        **extra,
    }
    return render(request, "web/projects/obligation_detail.html", context, status=status)


@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _obligation_page(request, pk)


@login_required
@require_POST
def obligation_move(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    obligation = get_object_or_404(Obligation, pk=pk)
    due_before = obligation.due_date
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
        status, shown = refused_move(
            request,
            refusal,
            item=obligation,
            name=name,
            fields=MOVE_FIELDS,
            page_address=reverse("obligation-detail", args=[pk]),
        )
        return _obligation_page(request, pk, status=status, **shown)
    if obligation.due_date != due_before:
        # A recurring obligation accepted opens its next period at once: say so, not "due".
        done = _("Accepted. The next report is due on %(date)s.") % {
            "date": date_format(obligation.due_date, "d.m.Y")
        }
    else:
        done = _("Done: the obligation is “%(state)s”.") % {"state": obligation.get_state_display()}
    messages.success(request, done)
    return redirect("obligation-detail", pk=pk)


@login_required
def project_document_download(request: HttpRequest, pk: int, document: int) -> FileResponse:
    return document_response(get_object_or_404(ProjectDocument, pk=document, project_id=pk))


def _save_project(request: HttpRequest, project: Project | None) -> HttpResponse:
    user = signed_in_user(request)
    if not may.can_keep_register(user):
        return forbidden_page(request)
    data = request.POST or None
    # Stored now, on a save as well: ``edit_page`` tells rows changed meanwhile by it.
    initial = project_initial(project) if project else {}
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
        template="web/projects/form.html",
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
    request: HttpRequest, project: Project | None, obligation: Obligation | None
) -> HttpResponse:
    user = signed_in_user(request)
    if not may.can_keep_register(user):
        return forbidden_page(request)
    instance = Obligation.objects.get(pk=obligation.pk) if obligation else None
    form = ObligationForm(request.POST or None, instance=instance)
    # A commitment's obligation has no project: it is named by what it is owed under.
    owed_under = obligation.owed_under if obligation else project.title_ka if project else ""

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
        heading=f"{owed_under}: {obligation or _('new obligation')}",
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
        status = report_refusal_beside(request, refusal, form=form, field="file")
        return render_project_page(request, pk, status=status, document_form=form)
    messages.success(request, _("Uploaded: %(name)s.") % {"name": document.original_name})
    return redirect("project-detail", pk=pk)


@login_required
def project_fiche_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(selectors.project_register(), pk=pk)
    language = requested_language(request)
    return made_file_response(
        fiche_pdf_bytes(project, language),
        content_type="application/pdf",
        filename=f"project-{pk}-{language}.pdf",
        inline=True,
    )


urlpatterns = [
    *under(
        "projects/",
        ("", project_list, "projects"),
        ("new/", project_create_page, "project-create"),
        ("<int:pk>/", project_detail, "project-detail"),
        ("<int:pk>/fiche.pdf", project_fiche_pdf, "project-fiche"),
        ("<int:pk>/edit/", project_edit_page, "project-edit"),
        ("<int:pk>/obligations/new/", obligation_create_page, "obligation-create"),
        ("<int:pk>/documents/", project_document_upload, "project-document-upload"),
        ("<int:pk>/progress/", progress_submit, "progress-submit"),
        ("<int:pk>/progress/<int:report>/<slug:name>/", progress_decide, "progress-decide"),
        (
            "<int:pk>/documents/<int:document>/",
            project_document_download,
            "project-document-download",
        ),
    ),
    *under(
        "obligations/",
        ("", obligation_list, "obligations"),
        ("<int:pk>/", obligation_detail, "obligation-detail"),
        ("<int:pk>/edit/", obligation_edit_page, "obligation-edit"),
        ("<int:pk>/transitions/<slug:name>/", obligation_move, "obligation-move"),
    ),
]
