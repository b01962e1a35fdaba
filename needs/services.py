"""Every write to the shopping list; each edit is kept with what it changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from django.db import transaction
from django.utils.translation import gettext as _

from commitments.models import Commitment
from core.errors import ActionForbidden
from core.history import update_keeping_history
from core.models import OrganisationalUnit, User
from core.validation import validated
from needs.models import Need
from needs.permissions import can_keep_need
from projects.models import Project
from workflow.models import Opportunity

TRACKED = (*Need.EDITABLE_FIELDS, "commitments", "opportunities", "projects")


class NeedFields(TypedDict, total=False):
    title: str
    description: str
    source: str
    source_reference: str
    priority: str
    responsible_unit: OrganisationalUnit
    status: str
    sector: str


def _refuse_unless_may_keep(need: Need, user: User) -> None:
    if not can_keep_need(need, user):
        raise ActionForbidden(
            _("Needs are kept by the department and by the responsible unit's focal points.")
        )


def _link(
    need: Need,
    commitments: Sequence[Commitment] | None,
    opportunities: Sequence[Opportunity] | None,
    projects: Sequence[Project] | None,
) -> None:
    if commitments is not None:
        need.commitments.set(commitments)
    if opportunities is not None:
        need.opportunities.set(opportunities)
    if projects is not None:
        need.projects.set(projects)


@transaction.atomic
def need_create(
    *,
    user: User,
    fields: NeedFields,
    commitments: Sequence[Commitment] = (),
    opportunities: Sequence[Opportunity] = (),
    projects: Sequence[Project] = (),
) -> Need:
    """Put a need on the list, with the commitments it serves and what answers it already."""
    need = Need(created_by=user, **fields)
    _refuse_unless_may_keep(need, user)
    validated(need, exclude=["created_by"])
    need.save()
    _link(need, commitments, opportunities, projects)
    return need


@transaction.atomic
def need_update(
    *,
    need: Need,
    user: User,
    fields: NeedFields,
    commitments: Sequence[Commitment] | None = None,
    opportunities: Sequence[Opportunity] | None = None,
    projects: Sequence[Project] | None = None,
    expected_version: int | None = None,
) -> Need:
    """Edit a need; links left as ``None`` stay as they are (the commitments it serves, the
    opportunities and projects answering it), and a change of them is kept in its history.
    A unit's focal point cannot hand the need to another unit (that is the department's
    call). With ``expected_version``, an edit of a need saved meanwhile by someone else is
    refused (VersionConflict)."""
    _refuse_unless_may_keep(need, user)

    def check() -> None:
        _refuse_unless_may_keep(need, user)
        validated(need, exclude=["created_by"])

    update_keeping_history(
        need,
        user=user,
        fields=dict(fields),
        tracked=TRACKED,
        check=check,
        may_edit=lambda: _refuse_unless_may_keep(need, user),
        after_save=lambda: _link(need, commitments, opportunities, projects),
        expected_version=expected_version,
    )
    return need
