from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.roles import can_manage_directories


class DirectoryPermission(BasePermission):
    """Directories are read by everyone signed in and kept by the department and admins."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or can_manage_directories(request.user)
