"""Writes to people and units that are more than a plain admin edit."""

from __future__ import annotations

from django.conf import settings

from core.models import User


def user_set_language(*, user: User, language: str) -> bool:
    """Remember the language a person chose, for the next sign-in and for their email.
    Returns False (and changes nothing) for a language the app does not offer."""
    if language not in dict(settings.LANGUAGES):
        return False
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return True
