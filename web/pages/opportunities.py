"""The opportunity pages: the register, an item's page with its
moves, donor communication log and documents, the form, and top management's decisions (the
inbox, one brief per waiting item, and the pack of all briefs as a PDF).
Reads go through ``workflow.selectors``, rules through ``workflow.permissions`` and
``core.roles``, writes through ``workflow.services``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.bounds import ascii_whole_number
from core.errors import ActionBlocked, DomainError
from core.history import readable_edits
from core.models import User
from core.roles import in_top_management
from core.uploads import allowed_extensions
from web.documents import exports
from web.documents.briefs import brief_for, brief_items, decision_pack_pdf_bytes
from web.forms.common import AttachmentForm
from web.forms.opportunities import (
    CommunicationForm,
    KpiFormSet,
    OpportunityForm,
    RecommendationForm,
    TransitionForm,
    kpi_initial,
    kpi_rows,
)
from web.shared.downloads import document_response, made_file_response
from web.shared.editing import changed_fields, edit_page, if_changed, opened_version, rows_changed
from web.shared.feedback import forbidden_page, report_refusal, report_refusal_beside
from web.shared.listing import Sortable, requested_sort, sort_context, sorted_ordering
from web.shared.routes import under
from workflow import permissions as may
from workflow import selectors, services
from workflow.filters import RegisterPageFilter
from workflow.lifecycle import available_transitions
from workflow.models import Attachment, CoordinationMeeting, Opportunity
from workflow.route import stays
from workflow.services import records


def _sort_options() -> list[tuple[str, str]]:
    return [
        ("-created_at", _("Newest first")),
        ("created_at", _("Oldest first")),
        ("application_deadline", _("Deadline, soonest first")),
        ("-application_deadline", _("Deadline, latest first")),
        ("reference", _("Reference")),
        ("title", _("Title")),
        ("state", _("State")),
        ("-estimated_value", _("Estimated value, largest first")),
    ]


# The columns the register sorts by (``?sort=``): the table's, and two more the sort list offers.
SORTABLE: Sortable = {
    "reference": ("reference",),
    "title": ("title",),
    "state": ("state",),
    "donor": ("donor__name_ka",),
    "owning_unit": ("owning_unit__name_ka",),
    "application_deadline": ("application_deadline",),
    "estimated_value": ("estimated_value",),
    "created_at": ("created_at",),
}
NEWEST_FIRST = "-created_at"
PAGE_SIZE = 25


@login_required
def register(request: HttpRequest) -> HttpResponse:
    filters = RegisterPageFilter(request.GET, queryset=selectors.opportunity_register())
    sort = requested_sort(request, SORTABLE) or NEWEST_FIRST
    rows = (
        filters.qs.order_by(*sorted_ordering(sort, SORTABLE, ["-id"]))
        if filters.is_valid()
        else Opportunity.objects.none()
    )
    export = request.GET.get("export")
    if export == "csv":
        return exports.register_csv(rows)
    if export == "xlsx":
        return exports.register_xlsx(rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/opportunities/register.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            **sort_context(request, SORTABLE),
            "sort": sort,
            "sort_options": _sort_options(),
            "can_create": may.can_create_any(request.user),
        },
    )


def render_detail(
    request: HttpRequest, opportunity: Opportunity, status: int = 200, **extra: Any
) -> HttpResponse:
    """The opportunity page; ``extra`` carries a refused form back so its input is kept."""
    history = list(selectors.opportunity_history(opportunity))
    now = timezone.now()
    context = {
        "opportunity": opportunity,
        "history": history,
        "route": [(stay, stay.days(now)) for stay in stays(opportunity, history)],
        # A stay in one of these is not counted in days: the item has left the pipeline.
        "finished_states": Opportunity.FINISHED,
        "edits": readable_edits(selectors.opportunity_edits(opportunity), Opportunity),
        "communications": selectors.opportunity_communications(opportunity),
        "attachments": selectors.opportunity_attachments(opportunity),
        "removed_attachments": selectors.opportunity_removed_attachments(opportunity),
        "agenda_items": selectors.opportunity_agenda_items(opportunity),
        "transitions": available_transitions(opportunity, request.user),
        "can_edit": may.can_edit(opportunity, request.user),
        "can_keep_records": may.can_keep_records(opportunity, request.user),
        "can_read_brief": may.can_read_decision_briefs(request.user),
        "form": TransitionForm(),
        "communication_form": CommunicationForm(initial={"occurred_on": timezone.localdate()}),
        "attachment_form": AttachmentForm(),
        "upload_types": ", ".join(allowed_extensions()),
        "upload_limit_mb": settings.DONORFLOW_UPLOAD_MAX_MB,
    }
    return render(request, "web/opportunities/detail.html", context | extra, status=status)


@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunity_register(), pk=pk)
    return render_detail(request, opportunity)


@login_required
@require_POST
def opportunity_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunity_register(), pk=pk)
    form = TransitionForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionBlocked(*[str(e) for errors in form.errors.values() for e in errors])
        services.opportunity_transition(
            opportunity=opportunity, user=signed_in_user(request), name=name, **form.cleaned_data
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        fresh = get_object_or_404(selectors.opportunity_register(), pk=pk)
        return render_detail(request, fresh, status=status, form=form, failed_action=name)
    messages.success(
        request,
        _("Done: %(reference)s is now “%(state)s”.")
        % {
            "reference": opportunity.reference,
            "state": opportunity.get_state_display(),
        },
    )
    return redirect("opportunity-detail", pk=pk)


def _save_opportunity(request: HttpRequest, opportunity: Opportunity | None) -> HttpResponse:
    """Create (``opportunity`` is None) or edit; a refused or invalid form keeps what was typed."""
    user = signed_in_user(request)
    if opportunity is not None and not may.is_owning_focal_point_or_coordinator(opportunity, user):
        return forbidden_page(request)  # not theirs to edit, in any state
    if opportunity is not None and not may.can_edit(opportunity, user):
        messages.error(request, _("This item cannot be edited by you in its current state."))
        return redirect("opportunity-detail", pk=opportunity.pk)
    if opportunity is None and not may.can_create_any(user):
        return forbidden_page(request)
    # The form writes cleaned values onto its instance while validating; give it its own copy
    # so the service still sees the old values and can record what changed.
    form_instance = Opportunity.objects.get(pk=opportunity.pk) if opportunity else None
    form = OpportunityForm(request.POST or None, instance=form_instance, user=user)
    kpis = KpiFormSet(
        request.POST or None,
        prefix="kpi",
        # Stored now, on a save as well: ``edit_page`` tells rows changed meanwhile by it.
        initial=kpi_initial(opportunity) if opportunity else None,
    )

    def save() -> Opportunity:
        fields: Any = form.service_fields()
        units = list(form.cleaned_data["beneficiary_units"])
        rows: Any = kpi_rows(kpis)
        if opportunity is None:
            return services.opportunity_create(
                user=user, fields=fields, beneficiary_units=units, kpis=rows
            )
        return services.opportunity_update(
            opportunity=opportunity,
            user=user,
            fields=changed_fields(form, fields),  # type: ignore[arg-type]
            beneficiary_units=if_changed("beneficiary_units" in form.changed_data, units),
            kpis=if_changed(rows_changed(kpis), rows),
            expected_version=opened_version(request),
        )

    def done(saved: Opportunity) -> HttpResponse:
        messages.success(request, _("Saved: %(reference)s.") % {"reference": saved.reference})
        return redirect("opportunity-detail", pk=saved.pk)

    return edit_page(
        request,
        forms=[form, kpis],
        save=save,
        done=done,
        template="web/opportunities/form.html",
        context={"form": form, "kpis": kpis, "opportunity": opportunity},
        edited=opportunity,
    )


@login_required
def opportunity_create(request: HttpRequest) -> HttpResponse:
    return _save_opportunity(request, None)


@login_required
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # A fresh read, not the prefetching register query: the form edits the live row.
    return _save_opportunity(request, get_object_or_404(Opportunity, pk=pk))


def _decide_selected(request: HttpRequest, user: User, waiting: QuerySet[Opportunity]) -> int:
    """Run the chosen decision on the selected items; the page's HTTP status (200 if all done)."""
    ids = [
        number
        for number in map(ascii_whole_number, request.POST.getlist("selected"))
        if number is not None
    ]
    chosen = list(waiting.filter(pk__in=ids))
    if not chosen:
        messages.error(request, _("Select at least one item."))
        return 400
    try:
        decided, refused = services.opportunities_decide(
            opportunities=chosen,
            user=user,
            name=request.POST.get("decision", ""),
            comment=request.POST.get("comment", ""),
        )
    except DomainError as refusal:
        return report_refusal(request, refusal)
    if decided:
        references = ", ".join(o.reference for o in decided)
        messages.success(request, _("Decided: %(references)s.") % {"references": references})
    for reference, reasons in refused.items():
        messages.error(request, f"{reference}: {' '.join(reasons)}")
    return 400 if refused else 200


def _waiting() -> QuerySet[Opportunity]:
    """The items waiting for a decision, in the order the inbox, the briefs and the pack
    take them: the donor's deadline first."""
    return selectors.awaiting_decision().order_by("application_deadline", "id")


@login_required
def decisions(request: HttpRequest) -> HttpResponse:
    """Top management's inbox: each waiting item in a line with a link to its brief; decide
    one item or several selected at once."""
    user = signed_in_user(request)
    if not in_top_management(user):
        return forbidden_page(request)
    waiting = _waiting()
    status = 200
    if request.method == "POST":
        status = _decide_selected(request, user, waiting)
        if status == 200:
            return redirect("decisions")
    context = {
        "waiting": [brief_for(o) for o in brief_items(waiting)],
        "comment": request.POST.get("comment", ""),
    }
    return render(request, "web/opportunities/decisions.html", context, status=status)


def _neighbours(pk: int) -> tuple[int | None, int | None]:
    """The waiting items before and after ``pk`` in the inbox's order (None at either end,
    and both when ``pk`` waits no longer)."""
    ids = list(_waiting().values_list("pk", flat=True))
    if pk not in ids:
        return None, None
    at = ids.index(pk)
    return (ids[at - 1] if at > 0 else None), (ids[at + 1] if at + 1 < len(ids) else None)


def _brief_page(
    request: HttpRequest, opportunity: Opportunity, status: int = 200, **extra: Any
) -> HttpResponse:
    user = signed_in_user(request)
    previous, following = _neighbours(opportunity.pk)
    context = {
        "brief": brief_for(opportunity),
        "previous": previous,
        "following": following,
        "decisions": [
            t for t in available_transitions(opportunity, user) if t.name in services.DECISIONS
        ],
        "can_correct": may.can_write_recommendation(opportunity, user),
        "recommendation_form": RecommendationForm(
            initial={"ird_recommendation": opportunity.ird_recommendation}
        ),
        "opened_version": opportunity.version,
        "comment": "",
        **extra,
    }
    return render(request, "web/opportunities/brief.html", context, status=status)


def _decide_one(request: HttpRequest, opportunity: Opportunity) -> HttpResponse:
    """Run the chosen decision on the brief's item with the inbox's service; done, the next
    waiting item's brief opens (the inbox after the last)."""
    user = signed_in_user(request)
    _previous, following = _neighbours(opportunity.pk)
    comment = request.POST.get("comment", "")
    try:
        decided, refused = services.opportunities_decide(
            opportunities=[opportunity],
            user=user,
            name=request.POST.get("decision", ""),
            comment=comment,
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        return _brief_page(request, opportunity, status=status, comment=comment)
    if refused:
        for reasons in refused.values():
            for reason in reasons:
                messages.error(request, reason)
        fresh = get_object_or_404(brief_items(Opportunity.objects.all()), pk=opportunity.pk)
        return _brief_page(request, fresh, status=400, comment=comment)
    messages.success(
        request,
        _("Decided: %(references)s.") % {"references": ", ".join(o.reference for o in decided)},
    )
    if following is not None:
        return redirect("decision-brief", pk=following)
    return redirect("decisions")


@login_required
def decision_brief(request: HttpRequest, pk: int) -> HttpResponse:
    """One item's brief, on one screen: what top management decides from, and the decision.
    Top management and the department read it; top management decides on it."""
    user = signed_in_user(request)
    if not may.can_read_decision_briefs(user):
        return forbidden_page(request)
    opportunity = get_object_or_404(brief_items(Opportunity.objects.all()), pk=pk)
    if request.method == "POST":
        if not may.is_top_management(opportunity, user):
            return forbidden_page(request)
        return _decide_one(request, opportunity)
    return _brief_page(request, opportunity)


@login_required
@require_POST
def decision_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    """The department corrects its recommendation while the item waits for the decision;
    the edit is kept in the item's history like every other."""
    user = signed_in_user(request)
    opportunity = get_object_or_404(Opportunity, pk=pk)
    if not may.is_coordinator(opportunity, user):
        return forbidden_page(request)
    form = RecommendationForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionBlocked(*[str(e) for errors in form.errors.values() for e in errors])
        services.opportunity_update(
            opportunity=opportunity,
            user=user,
            fields={"ird_recommendation": form.cleaned_data["ird_recommendation"]},
            expected_version=opened_version(request),
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        fresh = get_object_or_404(brief_items(Opportunity.objects.all()), pk=pk)
        return _brief_page(request, fresh, status=status, recommendation_form=form)
    messages.success(request, _("The recommendation is saved."))
    return redirect(reverse("decision-brief", args=[pk]) + "#recommendation")


def _pack_language(request: HttpRequest) -> str:
    """``?lang=en`` (or ``?language=en``, as the minutes take it) gives English; anything
    else Georgian."""
    requested = request.GET.get("lang") or request.GET.get("language") or "ka"
    return requested if requested in dict(settings.LANGUAGES) else "ka"


@login_required
def decision_pack(request: HttpRequest) -> HttpResponse:
    """Every waiting item's brief in one A4 PDF, Georgian unless ``?lang=en``; with
    ``?meeting=<id>`` only the items presented at that meeting."""
    if not may.can_read_decision_briefs(request.user):
        return forbidden_page(request)
    language = _pack_language(request)
    waiting = _waiting()
    meeting = None
    if "meeting" in request.GET:
        meeting = get_object_or_404(
            CoordinationMeeting, pk=ascii_whole_number(request.GET["meeting"])
        )
        waiting = waiting.filter(presented_at=meeting)
    briefs = [brief_for(o, language) for o in brief_items(waiting)]
    content = decision_pack_pdf_bytes(briefs, language=language, meeting=meeting)
    today = timezone.localdate().strftime("%Y-%m-%d")
    return made_file_response(
        content,
        content_type="application/pdf",
        filename=f"decisions-{today}-{language}.pdf",
        inline=True,
    )


@login_required
@require_POST
def communication_add(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunity_register(), pk=pk)
    if not may.can_keep_records(opportunity, request.user):
        return forbidden_page(request)  # before the form: who may not add learns only that
    form = CommunicationForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            records.communication_log_add(
                opportunity=opportunity, user=signed_in_user(request), **form.cleaned_data
            )
        except DomainError as refusal:
            status = report_refusal(request, refusal)
        else:
            messages.success(request, _("The contact is added to the log."))
            return redirect("opportunity-detail", pk=pk)
    else:
        messages.error(request, _("Please correct the marked fields."))
    return render_detail(request, opportunity, status=status, communication_form=form)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunity_register(), pk=pk)
    # The service checks the file and the description; the form only carries them back.
    form = AttachmentForm(request.POST, request.FILES)
    try:
        attachment = records.attachment_add(
            opportunity=opportunity,
            user=signed_in_user(request),
            upload=request.FILES.get("file"),
            description=request.POST.get("description", ""),
        )
    except DomainError as refusal:
        status = report_refusal_beside(request, refusal, form=form, field="file")
        return render_detail(request, opportunity, status=status, attachment_form=form)
    messages.success(request, _("Uploaded: %(name)s.") % {"name": attachment.original_name})
    return redirect("opportunity-detail", pk=pk)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    document = get_object_or_404(
        Attachment.objects.select_related("opportunity"), pk=attachment, opportunity_id=pk
    )
    try:
        records.attachment_remove(
            attachment=document,
            user=signed_in_user(request),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        opportunity = get_object_or_404(selectors.opportunity_register(), pk=pk)
        return render_detail(request, opportunity, status=status)
    messages.success(request, _("Removed: %(name)s.") % {"name": document.original_name})
    return redirect("opportunity-detail", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    return document_response(get_object_or_404(Attachment, pk=attachment, opportunity_id=pk))


urlpatterns = [
    *under(
        "",
        ("register/", register, "register"),
        ("decisions/", decisions, "decisions"),
        ("decisions/pack.pdf", decision_pack, "decision-pack"),
        ("decisions/<int:pk>/", decision_brief, "decision-brief"),
        ("decisions/<int:pk>/recommendation/", decision_recommendation, "decision-recommendation"),
    ),
    *under(
        "opportunities/",
        ("new/", opportunity_create, "opportunity-create"),
        ("<int:pk>/edit/", opportunity_edit, "opportunity-edit"),
        ("<int:pk>/", opportunity_detail, "opportunity-detail"),
        ("<int:pk>/transitions/<slug:name>/", opportunity_transition, "opportunity-transition"),
        ("<int:pk>/communications/", communication_add, "communication-add"),
        ("<int:pk>/attachments/", attachment_upload, "attachment-upload"),
        ("<int:pk>/attachments/<int:attachment>/", attachment_download, "attachment-download"),
        ("<int:pk>/attachments/<int:attachment>/remove/", attachment_remove, "attachment-remove"),
    ),
]
