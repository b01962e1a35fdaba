"""Saving and deleting a person's saved filters."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from core.errors import ActionBlocked, ActionForbidden
from core.models import User
from search.models import SavedFilter

# Not part of a filter: which page of it, or a one-off download of it.
NOT_KEPT = ("page", "export")


def kept_query(query: str) -> str:
    """The query string a saved filter keeps: the filters and the sort, not the page number or
    an export."""
    values = QueryDict(query, mutable=True)
    for name in NOT_KEPT:
        values.pop(name, None)
    return values.urlencode()


@transaction.atomic
def saved_filter_create(*, owner: User, name: str, path: str, query: str) -> SavedFilter:
    """Keep ``path?query`` under ``name`` for ``owner``. A name is required and used once per
    person and register; the path is a page of this site (``/register/``), never another
    site's address."""
    name = " ".join(name.split())
    problems = []
    if not name:
        problems.append(_("Give the filter a name."))
    elif len(name) > SavedFilter._meta.get_field("name").max_length:  # type: ignore[operator]
        problems.append(_("The name is too long: at most 100 characters."))
    if not path.startswith("/") or path.startswith("//") or "?" in path:
        problems.append(_("Only a register of this site can be saved."))
    query = kept_query(query)
    if len(query) > 2000:
        problems.append(_("These filters are too long to save."))
    if not problems and SavedFilter.objects.filter(owner=owner, path=path, name=name).exists():
        problems.append(_("You already have a filter of this name here; choose another name."))
    if problems:
        raise ActionBlocked(*problems)
    try:
        with transaction.atomic():
            return SavedFilter.objects.create(owner=owner, name=name, path=path, query=query)
    except IntegrityError:  # saved twice at the same moment
        raise ActionBlocked(
            _("You already have a filter of this name here; choose another name.")
        ) from None


@transaction.atomic
def saved_filter_delete(*, saved_filter: SavedFilter, user: User) -> None:
    """Only the owner deletes a saved filter; nobody else's page lists it."""
    if saved_filter.owner_id != user.pk:
        raise ActionForbidden(_("Only the person who saved a filter can delete it."))
    saved_filter.delete()
