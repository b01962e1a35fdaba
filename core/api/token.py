"""The API's sign-in and sign-out: POST hands out a fresh token (counted by the sign-in
lockout like the sign-in page), DELETE ends it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import parsers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.parsers import JSONParser
from core.services import user_sign_out, user_token_issue


class TokenView(ObtainAuthToken):
    # DRF's sign-in view names its own parsers; the JSON one refuses a body nested too deeply.
    parser_classes = (parsers.FormParser, parsers.MultiPartParser, JSONParser)

    def get_permissions(self) -> list[BasePermission]:
        # Anyone may try to sign in; only a signed-in client can sign out.
        return [IsAuthenticated()] if self.request.method == "DELETE" else []

    def get_serializer_context(self) -> dict[str, Any]:
        # Authenticate with Django's own request: the lockout marks that object, and its
        # middleware, which only sees Django's request, then answers 429 instead of 400.
        return {**super().get_serializer_context(), "request": self.request._request}

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = user_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user_sign_out(request=request._request)
        return Response(status=204)


obtain_auth_token = TokenView.as_view()
