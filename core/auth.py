from typing import Any

from django.core.exceptions import PermissionDenied

from core.models import User


def signed_in_user(request: Any) -> User:
    """The request's user. Views require sign-in first; refuse rather than act as nobody."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
