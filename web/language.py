"""A person's language: applied when they sign in, remembered when they switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from core.models import User
from core.services import user_set_language


def remember_language(response: HttpResponse, language: str) -> None:
    """The language cookie, set as Django's own switch sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's switch, plus: a signed-in person keeps the choice on their account."""
    response = django_set_language(request)
    if isinstance(request.user, User):
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response
