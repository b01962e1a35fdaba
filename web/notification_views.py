"""The department's view of mail that did not go out, and sending it again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.errors import DomainError
from notifications.delivery import needing_attention
from notifications.models import Notification
from notifications.services import notification_resend
from projects.permissions import can_keep_register
from web.feedback import report_refusal


@login_required
def notification_problems(request: HttpRequest) -> HttpResponse:
    if not can_keep_register(request.user):
        return render(request, "web/forbidden.html", status=403)
    rows = needing_attention(timezone.now())[:200]
    return render(request, "web/notification_problems.html", {"rows": rows})


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
