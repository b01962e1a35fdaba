from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.errors import ActionForbidden
from core.roles import can_manage_directories


class DirectoryPermission(BasePermission):
    """Directories are read by everyone signed in and kept by the department and admins."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or can_manage_directories(request.user)


Rule = tuple[Callable[[Any], bool], Promise]


class WritersFirst(BasePermission):
    """Who may write is judged before what is written: a view's ``writers`` maps an action
    (``create``, ``partial_update``…) to who may run it at all and the refusal to give. Without
    it a viewer's invalid body was answered 400 (what is wrong with it) instead of 403. The
    services still judge each record (a unit's own, a state that allows editing)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        rule: Rule | None = getattr(view, "writers", {}).get(getattr(view, "action", None))
        if rule is not None and not rule[0](request.user):
            raise ActionForbidden(str(rule[1]))
        return True


class WritersFirstMixin:
    """Adds WritersFirst after the view's own permissions (sign-in first: 401 before 403)."""

    writers: dict[str, Rule] = {}

    def get_permissions(self) -> list[BasePermission]:
        return [*super().get_permissions(), WritersFirst()]  # type: ignore[misc]
