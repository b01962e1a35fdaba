"""The dashboard and the route report: where things stand, for the department and top
management. Figures come from ``insight.figures``; each links to the rows behind it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.bounds import FIRST_YEAR, LAST_YEAR
from insight import figures
from web.documents import exports
from web.shared.listing import filtered_page, filtered_rows
from web.shared.routes import under
from workflow import selectors
from workflow.filters import RegisterPageFilter
from workflow.models import Opportunity
from workflow.route import register_routes


def _year_asked(request: HttpRequest) -> int | None:
    """The action plan's year from ``?year=``; None (this year) when absent or no year."""
    text = request.GET.get("year", "")
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        return None
    if not FIRST_YEAR <= int(text) <= LAST_YEAR:
        return None
    return int(text)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    context = figures.dashboard(year=_year_asked(request))
    funnel = context["funnel"]
    context["funnel_top"] = max((stage.reached.value for stage in funnel), default=0) or 1
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
