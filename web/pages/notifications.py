"""Notifications on the site: each person's notification centre and mail settings, and the
department's view of mail that did not go out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.errors import DomainError
from notifications.delivery import needing_attention
from notifications.inbox import entries, inbox, mark_read, preference_for, preference_update
from notifications.kinds import KINDS, OPTIONAL_KINDS
from notifications.links import notification_path
from notifications.models import Notification
from notifications.permissions import can_resend
from notifications.services import notification_resend
from web.shared.feedback import forbidden_page, report_refusal
from web.shared.routes import under


@login_required
def notification_problems(request: HttpRequest) -> HttpResponse:
    if not can_resend(request.user):
        return forbidden_page(request)
    rows = needing_attention(timezone.now())[:200]
    return render(request, "web/notifications/problems.html", {"rows": rows})


@login_required
@require_POST
def notification_resend_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification_resend(
            notification=get_object_or_404(Notification, pk=pk), user=signed_in_user(request)
        )
    except DomainError as refusal:
        report_refusal(request, refusal)
    else:
        messages.success(request, _("Queued again; the next sweep sends it."))
    return redirect("notification-problems")


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page = Paginator(inbox(user).prefetch_related("item"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/notifications/list.html",
        {"page": page, "entries": entries(list(page.object_list))},
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to what it is about."""
    notification = get_object_or_404(inbox(signed_in_user(request)), pk=pk)
    mark_read(signed_in_user(request), [notification.pk])
    return redirect(notification_path(notification))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = mark_read(signed_in_user(request))
    messages.success(request, _("%(count)s marked as read.") % {"count": count})
    return redirect("notification-list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method == "POST":
        try:
            preference_update(
                user=user,
                daily_digest=request.POST.get("daily_digest") == "on",
                muted_kinds=request.POST.getlist("muted"),
            )
        except DomainError as refusal:
            report_refusal(request, refusal)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notification-preferences")
    preference = preference_for(user)
    return render(
        request,
        "web/notifications/preferences.html",
        {
            "preference": preference,
            "optional": [
                (kind.code, kind.label, kind.code in preference.muted_kinds)
                for kind in OPTIONAL_KINDS
            ],
            "mandatory": [kind.label for kind in KINDS.values() if kind.mandatory],
        },
    )


urlpatterns = under(
    "notifications/",
    ("", notification_list, "notification-list"),
    ("<int:pk>/open/", notification_open, "notification-open"),
    ("read-all/", notifications_read_all, "notifications-read-all"),
    ("settings/", notification_preferences, "notification-preferences"),
    ("undelivered/", notification_problems, "notification-problems"),
    ("<int:pk>/resend/", notification_resend_page, "notification-resend"),
)
