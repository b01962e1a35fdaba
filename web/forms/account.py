"""The form of the password page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest


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
