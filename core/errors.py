"""Why a service refused an action; each kind carries the HTTP status the API and pages answer with."""

from __future__ import annotations

from django.utils.translation import gettext as _


class DomainError(Exception):
    """Base of refusals; ``messages`` are ready for the user, in the active language."""

    http_status = 400

    def __init__(self, *messages: str) -> None:
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


class ActionForbidden(DomainError):
    """The user's role does not allow the action (HTTP 403)."""

    http_status = 403


class StateConflict(DomainError):
    """The item's state does not allow the action, or changed meanwhile (HTTP 409)."""

    http_status = 409

    @classmethod
    def changed_concurrently(cls) -> StateConflict:
        return cls(_("Someone else changed this item at the same time. Reload it and try again."))


class VersionConflict(StateConflict):
    """The record was saved by someone else after the version the person read (HTTP 409; the
    API answers a stale ``If-Match`` with 412). ``current_version`` is the version stored now."""

    def __init__(self, *messages: str, current_version: int) -> None:
        super().__init__(*messages)
        self.current_version = current_version

    @classmethod
    def stale(cls, *, current_version: int) -> VersionConflict:
        return cls(
            _("Someone else saved this record after you opened it; nothing of yours was saved."),
            current_version=current_version,
        )


class ActionBlocked(DomainError):
    """Input or a guard is missing something (HTTP 400); ``messages`` say what."""


class UnknownAction(DomainError):
    """No action of that name exists (HTTP 404)."""

    http_status = 404
