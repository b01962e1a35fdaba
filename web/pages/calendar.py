"""A person's calendar link: made, replaced or revoked on one page, read by calendar programs
without signing in (the secret in the address is the key)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST, require_safe

from calendars.events import calendar_for, recent, upcoming
from calendars.models import CalendarFeed
from calendars.services import calendar_feed_owner, calendar_feed_renew, calendar_feed_revoke
from core.auth import signed_in_user
from web.shared.downloads import made_file_response
from web.shared.routes import under

# How far ahead the page lists what the calendar holds, and how far back what it held.
UPCOMING_DAYS = 60
RECENT_DAYS = 30


def _page(request: HttpRequest, link: str = "") -> HttpResponse:
    user = signed_in_user(request)
    feed = CalendarFeed.objects.filter(user=user).first()
    context = {
        "feed": feed,
        "link": link,
        "upcoming": upcoming(user, UPCOMING_DAYS),
        "upcoming_days": UPCOMING_DAYS,
        "recent": recent(user, RECENT_DAYS),
        "recent_days": RECENT_DAYS,
    }
    return render(request, "web/calendar/page.html", context)


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@never_cache
@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    token = calendar_feed_renew(user=signed_in_user(request))
    # Shown on this answer only: the secret is not kept, so it cannot be shown again.
    return _page(request, request.build_absolute_uri(reverse("calendar-feed", args=[token])))


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    calendar_feed_revoke(user=signed_in_user(request))
    messages.success(request, _("The calendar link no longer works."))
    return redirect("calendar")


@require_safe
@cache_control(private=True, max_age=900)
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar_feed_owner(token)
    if user is None:
        raise Http404
    return made_file_response(
        calendar_for(user),
        content_type="text/calendar; charset=utf-8",
        filename="donorflow.ics",
        inline=True,
    )


urlpatterns = under(
    "calendar/",
    ("", calendar_page, "calendar"),
    ("renew/", calendar_renew, "calendar-renew"),
    ("revoke/", calendar_revoke, "calendar-revoke"),
    ("<str:token>.ics", calendar_feed, "calendar-feed"),
)
