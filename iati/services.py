"""Reading a donor's IATI file into the register: new activities become opportunities, known
ones are reconciled field by field. Nothing is created twice, however often a file is read."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from core.errors import ActionBlocked, ActionForbidden
from core.models import Donor, OrganisationalUnit, User
from iati import export
from iati.matching import PROJECT_FIELDS
from iati.models import IatiImport
from iati.reader import read_activities
from imports.services import refuse_oversized
from projects import permissions as project_may
from projects.models import Project
from projects.services.projects import ProjectFields, project_update
from workflow.models import Opportunity
from workflow.services.opportunities import OpportunityFields, opportunity_create

SCHEMA_PROBLEMS_KEPT = 20


def _may_import(user: User) -> None:
    if not project_may.can_keep_register(user):
        raise ActionForbidden(_("Only the department's coordinators import IATI files."))


def iati_import_create(*, user: User, file_name: str, data: bytes) -> IatiImport:
    """Read the file and keep its activities; a file that fails the schema is still read."""
    _may_import(user)
    refuse_oversized(data)
    activities = read_activities(data)
    try:
        problems = export.validation_errors(data)[:SCHEMA_PROBLEMS_KEPT]
    except etree.XMLSyntaxError:
        problems = []
    return IatiImport.objects.create(
        created_by=user,
        file_name=file_name[:255],
        activities=[a.as_dict() for a in activities],
        schema_problems=problems,
    )


def _already_held(identifier: str) -> bool:
    return (
        Project.objects.filter(iati_identifier=identifier).exists()
        or Opportunity.objects.filter(iati_identifier=identifier).exists()
    )


@transaction.atomic
def iati_activity_adopt(
    *,
    iati_import: IatiImport,
    identifier: str,
    user: User,
    owning_unit: OrganisationalUnit,
    donor: Donor,
    kind: str,
) -> Opportunity:
    """Register an activity of the file as a new opportunity (identified)."""
    _may_import(user)
    activity = iati_import.record(identifier)
    if activity is None:
        raise ActionBlocked(_("The file has no activity %(id)s.") % {"id": identifier})
    if _already_held(identifier):
        raise ActionBlocked(
            _("The activity %(id)s is already in the register.") % {"id": identifier}
        )
    fields: OpportunityFields = {
        "title": (activity.title_ka or activity.title_en or identifier)[:300],
        "iati_identifier": identifier,
        "description": activity.description,
        "kind": kind,
        "donor": donor,
        "owning_unit": owning_unit,
    }
    if len(activity.budget) == 1:
        ((currency, amount),) = activity.budget.items()
        fields["currency"] = currency
        fields["estimated_value"] = Decimal(amount)
    return opportunity_create(user=user, fields=fields)


def _value(name: str, text: str) -> Any:
    if name.endswith(("_start", "_end")):
        return datetime.date.fromisoformat(text)
    return text


def iati_project_reconcile(
    *, iati_import: IatiImport, identifier: str, user: User, take: list[str]
) -> Project:
    """Take the file's values of the fields named in ``take`` into the matched project."""
    _may_import(user)
    activity = iati_import.record(identifier)
    project = Project.objects.filter(iati_identifier=identifier).first()
    if activity is None or project is None:
        raise ActionBlocked(_("No project in the register matches %(id)s.") % {"id": identifier})
    allowed = {name for name, _label in PROJECT_FIELDS}
    fields: dict[str, Any] = {}
    for name in take:
        text = getattr(activity, name, "") if name in allowed else ""
        if text:
            try:
                fields[name] = _value(name, text)
            except ValueError as exc:
                raise ActionBlocked(
                    _("The file's %(field)s is not a date: %(value)s")
                    % {"field": name, "value": text}
                ) from exc
    if not fields:
        raise ActionBlocked(_("Choose at least one value to take from the file."))
    typed: ProjectFields = fields  # type: ignore[assignment]
    return project_update(project=project, user=user, fields=typed)
