from typing import Any

from django.http import HttpRequest

from core.roles import Role
from notifications.inbox import unread_count


def roles(request: HttpRequest) -> dict[str, Any]:
    """Which menu entries to show; the pages themselves check again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_top_management": user.has_role(Role.TOP_MANAGEMENT),
        "is_coordinator": user.has_role(Role.IRD_COORDINATOR),
        "unread_notifications": unread_count(user),
    }
