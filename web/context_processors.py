from typing import Any

from django.http import HttpRequest

from core.roles import in_department, in_top_management
from notifications.inbox import unread_count


def roles(request: HttpRequest) -> dict[str, Any]:
    """Which menu entries to show; the pages themselves check again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_top_management": in_top_management(user),
        "is_coordinator": in_department(user),
        "unread_notifications": unread_count(user),
    }
