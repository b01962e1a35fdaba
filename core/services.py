"""Writes to people and units that are more than a plain admin edit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import logout, update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from core.errors import ActionForbidden
from core.models import Donor, OrganisationalUnit, User
from core.roles import can_manage_directories
from core.validation import validated
from core.versions import update_versioned


def user_set_language(*, user: User, language: str) -> bool:
    """Remember the language a person chose, for the next sign-in and for their email.
    Returns False (and changes nothing) for a language the app does not offer."""
    if language not in dict(settings.LANGUAGES):
        return False
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return True


@transaction.atomic
def user_password_change(
    *, user: User, password: str | None, request: HttpRequest | None = None
) -> None:
    """Give a person a new password (None: no password sign-in at all). Whoever knew the old
    one loses what it bought: the person's API token is deleted, and every session signed in
    before ends on its next request (Django ties a session to the password hash). The session
    of ``request``, when it is the person's own, stays signed in."""
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    Token.objects.filter(user=user).delete()
    if request is not None:
        update_session_auth_hash(request, user)


@transaction.atomic
def user_token_issue(*, user: User) -> Token:
    """A fresh API token for a sign-in. A person holds one token at a time, so the one
    handed out before stops working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def user_sign_out(*, request: HttpRequest) -> None:
    """Sign out: the request's session ends and the person's API token is deleted. There is
    one token per person, so signing out of the site also signs out the API and the other
    way round; a script signs in again for a new token."""
    if isinstance(request.user, User):
        Token.objects.filter(user=request.user).delete()
    logout(request)


@transaction.atomic
def unit_update(
    *, unit: OrganisationalUnit, fields: dict[str, Any], expected_version: int | None = None
) -> OrganisationalUnit:
    """Correct a unit's entry: only the fields given change, so an edit saved meanwhile by
    someone else is kept; with ``expected_version`` a stale edit is refused (VersionConflict)."""
    update_versioned(unit, fields=fields, expected_version=expected_version)
    return unit


@transaction.atomic
def donor_update(
    *, donor: Donor, fields: dict[str, Any], expected_version: int | None = None
) -> Donor:
    """Correct a donor's entry, on the same terms as ``unit_update``."""
    update_versioned(donor, fields=fields, expected_version=expected_version)
    return donor


@transaction.atomic
def _refuse_unless_directory_keeper(user: User) -> None:
    if not can_manage_directories(user):
        raise ActionForbidden(_("Units and donors are kept by the department."))


def unit_create(*, user: User, fields: dict[str, Any]) -> OrganisationalUnit:
    """Add a unit to the directory (the department and administrators); refused
    (ActionBlocked) where the model's own rules refuse it: a code already taken, a unit placed
    under itself."""
    _refuse_unless_directory_keeper(user)
    unit = OrganisationalUnit(**fields)
    validated(unit, exclude=[])
    unit.save()
    return unit


@transaction.atomic
def donor_create(*, user: User, fields: dict[str, Any]) -> Donor:
    """Add a donor or partner to the directory, on the same terms as ``unit_create``."""
    _refuse_unless_directory_keeper(user)
    donor = Donor(**fields)
    validated(donor, exclude=[])
    donor.save()
    return donor
