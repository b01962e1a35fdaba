"""Reads of saved filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from core.roles import signed_in
from search.models import SavedFilter

if TYPE_CHECKING:
    from core.roles import Person


def saved_filters_of(user: Person, *, path: str) -> QuerySet[SavedFilter]:
    """The person's own saved filters of the register at ``path``, by name."""
    if not signed_in(user):
        return SavedFilter.objects.none()
    return SavedFilter.objects.filter(owner=user, path=path).order_by("name", "id")
