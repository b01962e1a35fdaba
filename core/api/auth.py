from typing import Any

from core.models import User


def signed_in_user(request: Any) -> User:
    """The request's user; the API's default permission already refused anonymous requests."""
    user = request.user
    assert isinstance(user, User), "endpoint reached without authentication"
    return user
