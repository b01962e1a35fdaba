"""The form of the password page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, get_user_model, password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _minimum_length() -> int:
    """The shortest password the configured validators accept (0 without a length rule)."""
    return max(
        (
            validator.min_length
            for validator in password_validation.get_default_password_validators()
            if isinstance(validator, password_validation.MinimumLengthValidator)
        ),
        default=0,
    )


def _too_similar_to(verbose_name: str) -> str:
    """Too like one of the person's own details, each named in its own sentence: Django's
    "too similar to the %(verbose_name)s" cannot decline the name in Georgian."""
    user_model = get_user_model()
    details = {
        "username": _("The password is too similar to your username."),
        "first_name": _("The password is too similar to your first name."),
        "last_name": _("The password is too similar to your last name."),
        "email": _("The password is too similar to your email address."),
    }
    for field, text in details.items():
        if str(getattr(user_model._meta.get_field(field), "verbose_name", field)) in (
            verbose_name,
            field,
        ):
            return text
    return _("The password is too similar to your personal details.")


def _in_the_persons_words(error: ValidationError) -> ValidationError:
    """A validator's refusal, said anew where Django's Georgian catalogue lacks it (too short:
    the page said it in English) or words it badly (too like a detail of the person's)."""
    if error.code == "password_too_similar" and error.params:
        return ValidationError(_too_similar_to(str(error.params["verbose_name"])), code=error.code)
    if error.code == "password_too_short" and error.params:
        length = int(error.params["min_length"])
        text = ngettext(
            "The password is too short: it needs at least %(length)d character.",
            "The password is too short: it needs at least %(length)d characters.",
            length,
        ) % {"length": length}
        return ValidationError(text, code=error.code)
    return error


class CountedPasswordChangeForm(PasswordChangeForm):
    """The old password is checked the way a sign-in is: a wrong one counts toward the
    lockout, and a locked account cannot confirm its password here either (the lockout
    middleware then answers as it does on the sign-in page). The new password's rules are
    said before it is typed, and its refusals in the person's language."""

    def __init__(self, user: Any, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request
        length = _minimum_length()
        # Django's own help lists each validator's rule, in Georgian worded as refusals.
        rules = [_("Not only digits, not a commonly used password and not like your name.")]
        if length:
            at_least = ngettext(
                "At least %(length)d character.", "At least %(length)d characters.", length
            )
            rules.insert(0, at_least % {"length": length})
        self.fields["new_password1"].help_text = " ".join(rules)
        self.fields["new_password2"].help_text = _("Type the new password once more.")

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

    def validate_password_for_user(self, user: Any, password_field_name: str = "password2") -> None:
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as refusal:
            self.add_error(
                password_field_name, [_in_the_persons_words(e) for e in refusal.error_list]
            )
