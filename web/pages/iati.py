"""IATI in the app: the public projects' file to download, and a donor's file to read into
the register (new activities become opportunities, known ones are reconciled)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.errors import ActionBlocked, DomainError
from iati import export, selectors
from iati.matching import classify
from iati.models import IatiActivity, IatiImport
from iati.permissions import can_import_iati
from iati.reading import iati_import_create, refuse_declared_size, size_limit
from iati.services import iati_activities_adopt, iati_project_reconcile
from web.forms.iati import ActivityFilterForm, AdoptForm, IatiFileForm
from web.shared.downloads import made_file_response
from web.shared.feedback import forbidden_page, report_refusal
from web.shared.routes import under
from workflow.models import Opportunity

PAGE_SIZE = 50


@login_required
def iati_export(request: HttpRequest) -> HttpResponse:
    result = export.published()
    if not result.written:
        messages.error(request, _("No public project can be published yet."))
        return redirect("projects")
    return made_file_response(
        result.xml,
        content_type="application/xml; charset=utf-8",
        filename=f"donorflow-iati-{timezone.localdate():%Y-%m-%d}.xml",
    )


@login_required
def iati_import(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not can_import_iati(user):
        return forbidden_page(request)
    status = 200
    form = IatiFileForm()
    refusal_text = ""
    if request.method == "POST":
        try:
            # Refused by its declared size before the body is read.
            refuse_declared_size(request.META.get("CONTENT_LENGTH"))
            form = IatiFileForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                iati_import = iati_import_create(
                    user=user, file_name=upload.name or "", file=upload
                )
                return redirect("iati-import-detail", pk=iati_import.pk)
            status = 400  # the field says why, next to it
        except DomainError as refusal:
            status = refusal.http_status
            refusal_text = " ".join(refusal.messages)
    context = {
        "form": form,
        "imports": IatiImport.objects.select_related("created_by")[:20],
        "skipped": export.unpublishable(export.published_projects()),
        "limit": filesizeformat(size_limit()),
        "refusal": refusal_text,
    }
    return render(request, "web/iati/import.html", context, status=status)


def render_import_page(
    request: HttpRequest,
    pk: int,
    status: int = 200,
    adopt: AdoptForm | None = None,
    shown: QueryDict | None = None,
    picked: frozenset[str] = frozenset(),
) -> HttpResponse:
    """The import's page: its reading while it lasts, then its activities. ``shown`` is the
    query the page was opened with (filters and page), when answering a form posted from it;
    ``picked`` the activities that were ticked, so a refused registration loses nothing."""
    iati_import = get_object_or_404(IatiImport.objects.select_related("created_by"), pk=pk)
    context: dict[str, object] = {"iati_import": iati_import}
    if iati_import.status == IatiImport.Status.READY:
        shown = request.GET if shown is None else shown
        filters = ActivityFilterForm(shown)
        rows = selectors.import_activities(iati_import, filters.chosen())
        page = Paginator(rows, PAGE_SIZE).get_page(shown.get("page"))
        page.object_list = selectors.with_holders(page.object_list)
        query = shown.copy()
        query.pop("page", None)
        counts = selectors.import_counts(iati_import)
        context |= {
            "filters": filters,
            "page": page,
            "page_base": reverse("iati-import-detail", args=[pk]),
            "query": query.urlencode(),
            "shown": shown.urlencode(),
            "picked": picked,
            "held": counts.held,
            "new": counts.new,
            "adopt": adopt or AdoptForm(initial={"kind": Opportunity.Kind.GRANT}),
        }
    return render(request, "web/iati/import_detail.html", context, status=status)


@login_required
def iati_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_import_iati(request.user):
        return forbidden_page(request)
    return render_import_page(request, pk)


def _compare_page(request: HttpRequest, row: IatiActivity, status: int = 200) -> HttpResponse:
    _new, known = classify([row.activity])
    context = {"iati_import": row.iati_import, "row": row, "match": known[0] if known else None}
    return render(request, "web/iati/activity.html", context, status=status)


@login_required
def iati_activity(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    if not can_import_iati(request.user):
        return forbidden_page(request)
    activity = get_object_or_404(
        IatiActivity.objects.select_related("iati_import"),
        iati_import=pk,
        iati_import__status=IatiImport.Status.READY,
        pk=row,
    )
    return _compare_page(request, activity)


@login_required
@require_POST
def iati_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_import_iati(request.user):
        return forbidden_page(request)
    iati_import = get_object_or_404(IatiImport, pk=pk)
    form = AdoptForm(request.POST)
    picked = request.POST.getlist("identifiers")
    # The page of results the person was on, with its filters.
    shown = QueryDict(request.POST.get("shown", ""))
    try:
        if not form.is_valid():
            raise ActionBlocked(*[str(e) for errors in form.errors.values() for e in errors])
        opportunities = iati_activities_adopt(
            iati_import=iati_import,
            identifiers=picked,
            user=signed_in_user(request),
            owning_unit=form.cleaned_data["owning_unit"],
            donor=form.cleaned_data["donor"],
            kind=form.cleaned_data["kind"],
        )
    except DomainError as refusal:
        return render_import_page(
            request,
            pk,
            status=report_refusal(request, refusal),
            adopt=form,
            shown=shown,
            picked=frozenset(picked),
        )
    messages.success(
        request,
        _("Registered from the file: %(references)s.")
        % {"references": ", ".join(o.reference for o in opportunities)},
    )
    kept = shown.urlencode()
    return redirect(reverse("iati-import-detail", args=[pk]) + (f"?{kept}" if kept else ""))


@login_required
@require_POST
def iati_reconcile(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_import_iati(request.user):
        return forbidden_page(request)
    iati_import = get_object_or_404(IatiImport, pk=pk)
    identifier = request.POST.get("identifier", "")
    row = get_object_or_404(IatiActivity, iati_import=iati_import, identifier=identifier)
    try:
        project = iati_project_reconcile(
            iati_import=iati_import,
            identifier=identifier,
            user=signed_in_user(request),
            take=request.POST.getlist("take"),
        )
    except DomainError as refusal:
        return _compare_page(request, row, status=report_refusal(request, refusal))
    messages.success(
        request, _("“%(title)s” now holds the chosen values.") % {"title": project.title_ka}
    )
    return redirect("iati-activity", pk=pk, row=row.pk)


urlpatterns = under(
    "iati/",
    ("activities.xml", iati_export, "iati-export"),
    ("import/", iati_import, "iati-import"),
    ("import/<int:pk>/", iati_import_detail, "iati-import-detail"),
    ("import/<int:pk>/adopt/", iati_adopt, "iati-adopt"),
    ("import/<int:pk>/activities/<int:row>/", iati_activity, "iati-activity"),
    ("import/<int:pk>/reconcile/", iati_reconcile, "iati-reconcile"),
)
