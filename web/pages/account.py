"""Signing in and out, changing one's password, and what a locked sign-in answers. Signing
out and a new password go through the services that also end API tokens; signing in applies
the person's language."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from core.auth import signed_in_user
from core.models import User
from core.services import user_password_change, user_sign_out
from web.forms.account import CountedPasswordChangeForm
from web.language import remember_language
from web.shared.routes import under


class SignInView(auth_views.LoginView):
    template_name = "web/account/login.html"

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if isinstance(user, User) and user.language in dict(settings.LANGUAGES):
            remember_language(response, user.language)
        return response


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user_sign_out(request=request)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = CountedPasswordChangeForm
    # Named in full: the admin, listed first, has a registration/ template of the same name.
    template_name = "web/account/password_change_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:  # type: ignore[override]
        user_password_change(
            user=signed_in_user(self.request),
            password=form.cleaned_data["new_password1"],
            request=self.request,
        )
        return HttpResponseRedirect(self.get_success_url())


# Too many wrong passwords lock the sign-in (django-axes; settings name the two callables).
LOCKED_STATUS = 429


def _locked_message() -> str:
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return ngettext(
        "Too many failed sign-in attempts. Try again in %(minutes)d minute, or ask the "
        "department to unlock your account.",
        "Too many failed sign-in attempts. Try again in %(minutes)d minutes, or ask the "
        "department to unlock your account.",
        minutes,
    ) % {"minutes": minutes}


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What a person, or an API client, is told when the sign-in is locked."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": _locked_message()}, status=LOCKED_STATUS)
    else:
        response = render(
            request,
            "web/account/locked_out.html",
            {"message": _locked_message()},
            status=LOCKED_STATUS,
        )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The name a sign-in attempt gave, as the lockout records it. No account's name is longer
    than 150 characters; a longer one is cut, where the record's column would refuse it."""
    name = credentials.get("username") if credentials else request.POST.get("username")
    return str(name or "")[:150]


urlpatterns = under(
    "",
    ("login/", SignInView.as_view(), "login"),
    ("logout/", SignOutView.as_view(), "logout"),
    ("password/", PasswordChangeView.as_view(), "password_change"),
    (
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="web/account/password_change_done.html"
        ),
        "password_change_done",
    ),
)
