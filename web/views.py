"""Server-rendered screens. Views read through selectors and write through services only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.api.auth import signed_in_user
from core.errors import ActionBlocked, ActionForbidden, DomainError, StateConflict
from core.roles import Role
from web import exports
from web.forms import TransitionForm
from workflow import selectors, services
from workflow.filters import RegisterPageFilter
from workflow.lifecycle import available_transitions
from workflow.models import Opportunity


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


SORTABLE = {"reference", "title", "application_deadline", "state", "estimated_value", "created_at"}
PAGE_SIZE = 25


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context: dict[str, Any] = {}
    focal_units = user.unit_ids_for(Role.FOCAL_POINT)
    if focal_units:
        own = selectors.opportunities_of_units(focal_units)
        context["own_items"] = own.exclude(state__in=["closed", "rejected"])[:50]
    if user.has_role(Role.TOP_MANAGEMENT):
        context["decisions"] = selectors.awaiting_decision()[:50]
        context["decision_count"] = selectors.awaiting_decision().count()
    if user.has_role(Role.IRD_COORDINATOR):
        context["to_present"] = selectors.awaiting_presentation()[:50]
    return render(request, "web/home.html", context)


def _ordering(request: HttpRequest) -> str:
    requested = request.GET.get("sort", "-created_at")
    return requested if requested.lstrip("-") in SORTABLE else "-created_at"


@login_required
def register(request: HttpRequest) -> HttpResponse:
    filters = RegisterPageFilter(request.GET, queryset=selectors.opportunity_register())
    rows = (
        filters.qs.order_by(_ordering(request), "-id")
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
        "web/register.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "sort": _ordering(request),
            "sort_options": _sort_options(),
        },
    )


def _detail_context(request: HttpRequest, opportunity: Opportunity) -> dict[str, Any]:
    return {
        "opportunity": opportunity,
        "history": selectors.opportunity_history(opportunity),
        "edits": selectors.opportunity_edits(opportunity),
        "transitions": available_transitions(opportunity, request.user),
        "form": TransitionForm(),
    }


@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunity_register(), pk=pk)
    return render(request, "web/opportunity_detail.html", _detail_context(request, opportunity))


_STATUS = {ActionForbidden: 403, StateConflict: 409, ActionBlocked: 400}


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
        for text in refusal.messages:
            messages.error(request, text)
        fresh = get_object_or_404(selectors.opportunity_register(), pk=pk)
        context = _detail_context(request, fresh) | {"form": form, "failed_action": name}
        return render(
            request,
            "web/opportunity_detail.html",
            context,
            status=_STATUS.get(type(refusal), 400),
        )
    messages.success(
        request,
        _("Done: %(reference)s is now “%(state)s”.")
        % {
            "reference": opportunity.reference,
            "state": opportunity.get_state_display(),
        },
    )
    return redirect("opportunity-detail", pk=pk)
