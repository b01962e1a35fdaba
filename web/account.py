"""Changing one's password and signing out, through the services that also end API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from core.auth import signed_in_user
from core.services import user_password_change, user_sign_out


class CountedPasswordChangeForm(PasswordChangeForm):
    """The old password is checked the way a sign-in is: a wrong one counts toward the
    lockout, and a locked account cannot confirm its password here either (the lockout
    middleware then answers as it does on the sign-in page)."""

    def __init__(self, user: Any, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        confirmed = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if confirmed is None or confirmed.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = CountedPasswordChangeForm
    # Named in full: the admin, listed first, has a registration/ template of the same name.
    template_name = "web/password_change_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:  # type: ignore[override]
        user_password_change(
            user=signed_in_user(self.request),
            password=form.cleaned_data["new_password1"],
            request=self.request,
        )
        return HttpResponseRedirect(self.get_success_url())


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user_sign_out(request=request)
        return HttpResponseRedirect(self.get_success_url())
