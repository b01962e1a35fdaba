"""The home page: what waits for the person signed in, gathered from every domain, a section
for each role they hold — each list with its count, its due dates and the link that acts on
each line, cut at ``LISTED`` lines with a link to the register filtered to all of them.

- focal point: their unit's items whose next move is theirs, items and reports sent back,
  donor follow-ups due, and what the unit owes (obligations, progress reports, commitment
  reports, the action plan's quarterly statuses);
- the department: the next coordination meeting and what is queued for it, reports to
  accept, what is overdue by unit, items stuck beyond the agreed limit;
- top management: decisions waiting (each opening its brief) and escalations that reached it;
- a unit's head (the department's head too): every escalation about their units and what is
  overdue there;
- a viewer: the dashboard's headline figures;
- an administrator: the same headline, and what the administration puts right (mail that did
  not go out, sign-ins locked after too many wrong passwords), each opening its admin list.

Every list is read with a bounded number of queries, whatever its length."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from actionplans.selectors import statuses_overdue_by_unit, statuses_owed
from core.auth import signed_in_user
from core.models import OrganisationalUnit, User
from core.roles import (
    focal_point_unit_ids,
    in_department,
    in_top_management,
    is_administrator,
    is_viewer,
)
from core.selectors import headed_by
from insight import figures
from insight.figures import link
from notifications.delivery import needing_attention
from notifications.models import Notification
from projects import selectors as projects
from projects.models import Obligation
from web.shared.routes import under
from workflow import selectors

# Lines shown in each list; the rest are one click away in the register.
LISTED = 10
# Donor follow-ups are listed this many days ahead.
FOLLOW_UP_DAYS = 14


@dataclass(frozen=True)
class Work:
    """One list of work: its first lines, how many there are in all, and the register
    filtered to all of them."""

    items: Sequence[Any]
    count: int
    more: str = ""

    @property
    def cut(self) -> bool:
        return self.count > len(self.items)


def _work(rows: QuerySet[Any] | Sequence[Any], more: str = "") -> Work:
    if not isinstance(rows, QuerySet):
        return Work(list(rows[:LISTED]), len(rows), more)
    first = list(rows[: LISTED + 1])
    # Counted only when the list is longer than what is shown.
    count = len(first) if len(first) <= LISTED else rows.count()
    return Work(first[:LISTED], count, more)


def _of_unit(unit_ids: set[int], field: str) -> dict[str, int]:
    """The register filter for one unit; several units are left unfiltered (one link)."""
    return {field: next(iter(unit_ids))} if len(unit_ids) == 1 else {}


@dataclass(frozen=True)
class OverdueRow:
    unit: OrganisationalUnit
    obligations: int
    oldest: datetime.date | None
    statuses: int
    url: str


def _overdue_by_unit(today: datetime.date, unit_ids: set[int] | None = None) -> list[OverdueRow]:
    """Obligations and quarterly statuses overdue, a row per unit, the most overdue first."""
    obligations = projects.overdue_by_unit(today, unit_ids)
    statuses = statuses_overdue_by_unit(today, unit_ids)
    units = OrganisationalUnit.objects.filter(pk__in=set(obligations) | set(statuses))
    rows = []
    for unit in units:
        late = obligations.get(unit.pk)
        owed = statuses.get(unit.pk, [])
        oldest = min([*([late.oldest] if late else []), *(row.due for row in owed)], default=None)
        rows.append(
            OverdueRow(
                unit=unit,
                obligations=late.count if late else 0,
                oldest=oldest,
                statuses=len(owed),
                url=link("obligations", responsible_unit=unit.pk, overdue="true"),
            )
        )
    return sorted(rows, key=lambda row: (-(row.obligations + row.statuses), row.unit.name_ka))


def _focal_point(unit_ids: set[int], today: datetime.date) -> dict[str, Any]:
    unit = _of_unit(unit_ids, "owning_unit")
    responsible = _of_unit(unit_ids, "responsible_unit")
    advance = ["identified", "approved", "in_communication"]
    return {
        "to_advance": _work(
            selectors.moves_of_units(unit_ids), link("register", state=advance, **unit)
        ),
        "returned": _work(
            selectors.returned_to_units(unit_ids),
            link("register", state="identified", **unit),
        ),
        "returned_obligations": _work(
            projects.returned_obligations(unit_ids),
            link("obligations", state="returned", **responsible),
        ),
        "follow_ups": _work(
            selectors.follow_ups_due(unit_ids, today + datetime.timedelta(days=FOLLOW_UP_DAYS)),
            link("register", state="in_communication", **unit),
        ),
        "obligations_due": _work(
            projects.project_obligations_due(unit_ids),
            link("obligations", state="open", **responsible),
        ),
        "progress_due": _work(
            projects.progress_reports_due(unit_ids),
            link("projects", **_of_unit(unit_ids, "unit")),
        ),
        "commitment_reports": _work(
            projects.commitment_reports_owed(unit_ids, states=[Obligation.State.OPEN]),
            link("obligations", state="open", **responsible),
        ),
        "plan_statuses": _work(statuses_owed(unit_ids, today), reverse("action-plans")),
        "own_items": _work(
            selectors.open_opportunities_of_units(unit_ids), link("register", **unit)
        ),
    }


def _department(today: datetime.date) -> dict[str, Any]:
    meeting = selectors.next_meeting()
    return {
        "next_meeting": meeting,
        "agenda": _work(selectors.meeting_agenda(meeting)) if meeting else None,
        "to_present": _work(
            selectors.awaiting_presentation(), link("register", state="identified")
        ),
        "to_accept": _work(
            projects.obligations_to_accept(), link("obligations", state="submitted")
        ),
        "progress_to_accept": _work(projects.progress_reports_to_accept()),
        "overdue_by_unit": _overdue_by_unit(today),
        "stuck": _work(selectors.stuck(timezone.now()), reverse("dashboard") + "#timings"),
        "overdue": _work(selectors.overdue(today), link("register", missed="true")),
    }


def _top_management(today: datetime.date) -> dict[str, Any]:
    waiting = selectors.awaiting_decision().order_by("application_deadline", "id")
    return {
        "decisions": _work(waiting, reverse("decisions")),
        "escalations_top": _work(
            projects.escalated_to("top_management", today), link("obligations", overdue="true")
        ),
    }


def _head(user: User, today: datetime.date) -> dict[str, Any]:
    headed = headed_by(user)
    if not headed.unit_ids:
        return {}
    escalated = projects.escalated_to("unit_head", today, headed.unit_ids)
    if headed.department:
        escalated = escalated | projects.escalated_to("department_head", today)
    responsible = {} if headed.department else _of_unit(headed.unit_ids, "responsible_unit")
    return {
        "head_escalations": _work(
            escalated.order_by("due_date", "id"),
            link("obligations", overdue="true", **responsible),
        ),
        "head_communication": _work(
            selectors.communication_escalated(headed.unit_ids, today),
            link("register", state="approved", **_of_unit(headed.unit_ids, "owning_unit")),
        ),
        "head_overdue_by_unit": _overdue_by_unit(
            today, None if headed.department else headed.unit_ids
        ),
        "head_items": _work(
            selectors.open_opportunities_of_units(headed.unit_ids),
            link("register", **_of_unit(headed.unit_ids, "owning_unit")),
        ),
    }


def _headline(today: datetime.date) -> dict[str, Any]:
    """The dashboard's first figures, as the dashboard counts them."""
    return {"funnel": figures.funnel(), "missed": figures.missed(today)}


def _administration(now: datetime.datetime) -> dict[str, Any]:
    """Mail that failed or stuck while being sent, and the sign-ins locked now (after
    ``AXES_FAILURE_LIMIT`` wrong passwords, for ``AXES_COOLOFF_TIME``): two counts."""
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
    )
    # The admin's list of the same rows (the stuck ones among those being sent).
    failed = f"?status__in={Notification.Status.FAILED},{Notification.Status.SENDING}"
    return {
        "undelivered": needing_attention(now).count(),
        "undelivered_url": reverse("admin:notifications_notification_changelist") + failed,
        "locked": locked.count(),
        "locked_url": reverse("admin:axes_accessattempt_changelist"),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    context: dict[str, Any] = {"today": today}
    focal_units = focal_point_unit_ids(user)
    if focal_units:
        context |= _focal_point(focal_units, today)
    if in_top_management(user):
        context |= _top_management(today)
    if in_department(user):
        context |= _department(today)
    context |= _head(user, today)
    administrator = is_administrator(user)
    if is_viewer(user) or administrator:
        context |= _headline(today)
    if administrator and user.is_staff:  # the admin's lists open for staff only
        context["administration"] = _administration(timezone.now())
    return render(request, "web/home.html", context)


urlpatterns = [*under("", ("", home, "home"))]
