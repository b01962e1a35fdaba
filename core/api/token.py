"""The API's token endpoint, counted by the sign-in lockout like the sign-in page."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.views import ObtainAuthToken


class TokenView(ObtainAuthToken):
    def get_serializer_context(self) -> dict[str, Any]:
        # Authenticate with Django's own request: the lockout marks that object, and its
        # middleware, which only sees Django's request, then answers 429 instead of 400.
        return {**super().get_serializer_context(), "request": self.request._request}


obtain_auth_token = TokenView.as_view()
