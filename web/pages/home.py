"""The home page: what waits for the person signed in, gathered from every domain — items to
decide or to put on an agenda, the unit's open items, and the reports the unit owes on the
state's commitments and on the action plan, each with the link that acts on it."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from actionplans.selectors import statuses_owed
from core.auth import signed_in_user
from core.roles import focal_point_unit_ids, in_department, in_top_management
from projects.selectors import commitment_reports_owed
from web.shared.routes import under
from workflow import selectors

LISTED = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    context: dict[str, Any] = {"today": today, "week_ahead": today + datetime.timedelta(days=7)}
    focal_units = focal_point_unit_ids(user)
    if focal_units:
        context["own_items"] = selectors.open_opportunities_of_units(focal_units)[:LISTED]
        context["commitment_reports"] = commitment_reports_owed(focal_units)[:LISTED]
        context["plan_statuses"] = statuses_owed(focal_units, today)[:LISTED]
    if in_top_management(user):
        context["decisions"] = selectors.awaiting_decision()[:LISTED]
        context["decision_count"] = selectors.awaiting_decision().count()
    if in_department(user):
        context["next_meeting"] = selectors.next_meeting()
        context["to_present"] = selectors.awaiting_presentation()[:LISTED]
        context["overdue"] = selectors.overdue()[:LISTED]
    return render(request, "web/home.html", context)


urlpatterns = [*under("", ("", home, "home"))]
