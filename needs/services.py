"""Every write to the shopping list; each edit is kept with what it changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ActionForbidden
from core.history import update_keeping_history
from core.models import OrganisationalUnit, User
from core.validation import validated
from needs.models import Need
from needs.permissions import can_keep_need
from projects.models import Project
from workflow.models import Opportunity

TRACKED = (*Need.EDITABLE_FIELDS, "opportunities", "projects")


class NeedFields(TypedDict, total=False):
    title: str
    description: str
    source: str
    source_reference: str
    priority: str
    responsible_unit: OrganisationalUnit
    status: str


def _refuse_unless_may_keep(need: Need, user: User) -> None:
    if not can_keep_need(need, user):
        raise ActionForbidden(
            _("Needs are kept by the department and by the responsible unit's focal points.")
        )


def _link(
    need: Need,
    opportunities: Sequence[Opportunity] | None,
    projects: Sequence[Project] | None,
) -> None:
    if opportunities is not None:
        need.opportunities.set(opportunities)
    if projects is not None:
        need.projects.set(projects)


@transaction.atomic
def need_create(
    *,
    user: User,
    fields: NeedFields,
    opportunities: Sequence[Opportunity] = (),
    projects: Sequence[Project] = (),
) -> Need:
    need = Need(created_by=user, **fields)
    _refuse_unless_may_keep(need, user)
    validated(need, exclude=["created_by"])
    need.save()
    _link(need, opportunities, projects)
    return need


@transaction.atomic
def need_update(
    *,
    need: Need,
    user: User,
    fields: NeedFields,
    opportunities: Sequence[Opportunity] | None = None,
    projects: Sequence[Project] | None = None,
    expected_version: int | None = None,
) -> Need:
    """Edit a need; links left as ``None`` stay as they are. A unit's focal point cannot hand
    the need to another unit (that is the department's call). With ``expected_version``, an
    edit of a need saved meanwhile by someone else is refused (VersionConflict)."""
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
        after_save=lambda: _link(need, opportunities, projects),
        expected_version=expected_version,
    )
    return need
