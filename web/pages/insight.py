"""The dashboard and the route report: where things stand, for the department and top
management. Figures come from ``insight.figures``; each links to the rows behind it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from insight import charts, figures, gel
from insight.scope import EVERYTHING
from web.documents import exports
from web.documents.dashboard import dashboard_xlsx
from web.forms.insight import DashboardFilterForm
from web.shared.listing import filtered_page, filtered_rows
from web.shared.routes import under
from workflow import selectors
from workflow.filters import RegisterPageFilter
from workflow.models import Opportunity
from workflow.route import register_routes


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The figures for the unit and period asked for (all of them by default); every figure's
    link carries the same filter to its register."""
    form = DashboardFilterForm(request.GET or None)
    scope = form.scope() if form.is_bound else EVERYTHING
    context = figures.dashboard(scope=scope)
    if request.GET.get("export") == "xlsx":
        return dashboard_xlsx(context)
    funnel = context["funnel"]
    context["funnel_top"] = max((stage.reached.value for stage in funnel), default=0) or 1
    context["charts"] = charts.dashboard(context)
    context["form"] = form
    context["funding_gel"] = gel.funding_in_gel(figures.budget_lines(scope))
    context["query"] = urlencode(
        {name: value for name, value in request.GET.items() if name != "export"}
    )
    return render(request, "web/insight/dashboard.html", context)


def _route_states() -> list[Opportunity.State]:
    """The states time runs in: every state but those in which an item has left the pipeline."""
    return [state for state in Opportunity.State if state not in Opportunity.FINISHED]


@login_required
def route_report(request: HttpRequest) -> HttpResponse:
    """Days each item spent in each state, for the register filtered like the register page."""
    filters = RegisterPageFilter(
        request.GET, queryset=selectors.opportunity_register().prefetch_related("transition_logs")
    )
    ordering = ["-created_at", "-id"]
    states = _route_states()
    now = timezone.now()
    if request.GET.get("export") == "xlsx":
        return exports.route_xlsx(register_routes(filtered_rows(filters, ordering), now), states)
    page, query = filtered_page(request, filters, ordering)
    routes = [
        (opportunity, [days.get(state) for state in states])
        for opportunity, days in register_routes(page.object_list, now)
    ]
    context = {
        "filters": filters,
        "page": page,
        "query": query,
        "states": states,
        "routes": routes,
    }
    return render(request, "web/insight/route_report.html", context)


urlpatterns = under(
    "",
    ("dashboard/", dashboard, "dashboard"),
    ("reports/route/", route_report, "route-report"),
)
