"""The search across the registers (``/search/?q=``) and a person's saved filters: saving the
register's filters under a name, and deleting one's own. Finding is ``search.finding``; saving
and deleting are ``search.services``, which check the name and the owner again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.errors import DomainError
from core.models import bilingual_name
from projects.models import ProjectDocument
from search import finding
from search.models import SavedFilter
from search.services import saved_filter_create, saved_filter_delete
from web.shared.routes import under
from workflow.models import Attachment

# The register lists whose filters can be saved (URL names).
REGISTER_PAGES = frozenset(
    {
        "register",
        "projects",
        "obligations",
        "needs",
        "trainings",
        "meetings",
        "commitments",
        "action-plans",
    }
)


def _document_hit(row: Any) -> dict[str, Any]:
    """A document links to its download, and names the item whose file holds it."""
    if isinstance(row, Attachment):
        return {
            "href": reverse("attachment-download", args=[row.opportunity_id, row.pk]),
            "item": str(row.opportunity),
            "item_href": reverse("opportunity-detail", args=[row.opportunity_id]),
        }
    assert isinstance(row, ProjectDocument)
    if row.project_id is not None:
        assert row.project is not None
        return {
            "href": reverse("project-document-download", args=[row.project_id, row.pk]),
            "item": row.project.title_ka,
            "item_href": reverse("project-detail", args=[row.project_id]),
        }
    assert row.submission is not None and row.submission.obligation.commitment is not None
    commitment = row.submission.obligation.commitment
    return {
        "href": reverse("commitment-document-download", args=[commitment.pk, row.pk]),
        "item": str(commitment),
        "item_href": reverse("commitment-detail", args=[commitment.pk]),
    }


def _hit(key: str, row: Any) -> dict[str, Any]:
    """What a result shows: its name, the link to it and a line that tells it apart."""
    if key == "opportunities":
        return {
            "title": row.title,
            "href": reverse("opportunity-detail", args=[row.pk]),
            "detail": f"{row.reference} · {row.get_state_display()} · {row.owning_unit.name}",
        }
    if key == "projects":
        return {
            "title": bilingual_name(row.title_ka, row.title_en),
            "href": reverse("project-detail", args=[row.pk]),
            "detail": row.get_status_display(),
        }
    if key == "obligations":
        return {
            "title": row.description,
            "href": reverse("obligation-detail", args=[row.pk]),
            "detail": f"{row.get_kind_display()} · {row.owed_under} · {row.due_date:%d.%m.%Y}",
        }
    if key == "needs":
        return {
            "title": row.title,
            "href": reverse("need-detail", args=[row.pk]),
            "detail": f"{row.get_status_display()} · {row.responsible_unit.name}",
        }
    if key == "trainings":
        return {
            "title": row.name,
            "href": reverse("training-detail", args=[row.pk]),
            "detail": f"{row.unit.name} · {row.start_date:%d.%m.%Y}",
        }
    if key == "meetings":
        return {
            "title": row.title,
            "href": reverse("meeting-detail", args=[row.pk]),
            "detail": f"{row.starts_at:%d.%m.%Y}",
        }
    return {"title": row.original_name, "detail": "", **_document_hit(row)}


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    text = finding.search_text(raw)
    found = finding.find(request.user, raw)
    groups = [
        {
            "key": group.key,
            "heading": group.heading,
            "count": group.count,
            "hits": [_hit(group.key, row) for row in group.rows],
        }
        for group in found
        if group.count
    ]
    context = {
        "search_query": raw.strip()[: finding.LONGEST],
        "searched": text,
        "too_short": bool(raw.strip()) and not text,
        "groups": groups,
        "total": sum(group.count for group in found),
        "shortest": finding.SHORTEST,
    }
    return render(request, "web/search/results.html", context)


def _register_path(path: str) -> bool:
    """Whether ``path`` is one of the register lists of this site."""
    try:
        return resolve(path).url_name in REGISTER_PAGES
    except Resolver404:
        return False


@login_required
@require_POST
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    name = request.POST.get("name", "")
    path = request.POST.get("path", "")
    query = request.POST.get("query", "")
    try:
        if not _register_path(path):
            raise DomainError(_("Only a register of this site can be saved."))
        saved = saved_filter_create(owner=user, name=name, path=path, query=query)
    except DomainError as refusal:
        context = {
            "errors": refusal.messages,
            "name": name,
            "path": path if _register_path(path) else reverse("register"),
            "query": query,
        }
        return render(request, "web/search/save_refused.html", context, status=400)
    messages.success(request, _("The filter is saved: “%(name)s”.") % {"name": saved.name})
    return redirect(saved.link)


@login_required
@require_POST
def saved_filter_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    # Another person's filter is not found: its name is theirs.
    saved = get_object_or_404(SavedFilter, pk=pk, owner=user)
    saved_filter_delete(saved_filter=saved, user=user)
    messages.success(request, _("The filter is deleted: “%(name)s”.") % {"name": saved.name})
    back = request.POST.get("back", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(saved.path)


urlpatterns = under(
    "search/",
    ("", search_page, "search"),
    ("filters/", saved_filter_save, "saved-filter-save"),
    ("filters/<int:pk>/delete/", saved_filter_remove, "saved-filter-delete"),
)
