from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.delivery import resend
from notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["kind", "email", "status", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["email", "dedupe_key"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Send again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        queued = sum(resend(notification) for notification in queryset)
        messages.success(
            request,
            _("%(count)s queued again; the next sweep sends them. Mail being sent now is left.")
            % {"count": queued},
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    """People set their own preferences on their page; administrators may look and correct."""

    list_display = ["user", "daily_digest", "next_digest_at"]
    list_filter = ["daily_digest"]
    search_fields = ["user__username", "user__email"]
    readonly_fields = ["next_digest_at"]
