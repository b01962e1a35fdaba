"""A donor's IATI file, once read (``iati.reading``), into the register: new activities
become opportunities, known ones are reconciled field by field. Nothing is created twice,
however often a file is read."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ActionBlocked
from core.models import Donor, OrganisationalUnit, User
from iati import selectors
from iati.matching import PROJECT_FIELDS
from iati.models import IatiImport
from iati.reading import may_import
from projects.models import Project
from projects.services.projects import ProjectFields, project_update
from workflow.models import Opportunity
from workflow.services.opportunities import OpportunityFields, opportunity_create


def _ready(iati_import: IatiImport) -> None:
    if iati_import.status == IatiImport.Status.REFUSED:
        raise ActionBlocked(_("The file was refused; nothing can be taken from it."))
    if iati_import.status != IatiImport.Status.READY:
        raise ActionBlocked(
            _("The file is not read yet; its activities can be registered once it is.")
        )


def _adopt_one(
    *,
    iati_import: IatiImport,
    identifier: str,
    user: User,
    owning_unit: OrganisationalUnit,
    donor: Donor | None,
    guess: selectors.DonorGuess,
    kind: str,
) -> Opportunity:
    activity = iati_import.record(identifier)
    if activity is None:
        raise ActionBlocked(_("The file has no activity %(id)s.") % {"id": identifier})
    if selectors.held(identifier):
        raise ActionBlocked(
            _("The activity %(id)s is already in the register.") % {"id": identifier}
        )
    donor = donor or guess(
        activity.funder_ref or activity.reporting_org_ref, activity.funder or activity.reporting_org
    )
    if donor is None:
        raise ActionBlocked(
            _("Choose the donor of %(id)s: none in the directory matches the file.")
            % {"id": identifier}
        )
    fields: OpportunityFields = {
        "title": (activity.title_ka or activity.title or identifier)[:300],
        "iati_identifier": identifier,
        "description": activity.description,
        "kind": kind,
        "donor": donor,
        "owning_unit": owning_unit,
    }
    money = activity.budget or activity.committed
    if len(money) == 1:
        ((currency, amount),) = money.items()
        if Decimal(amount) > 0:  # a donor's negative total (corrections) is no estimate
            fields["currency"] = currency
            fields["estimated_value"] = Decimal(amount)
    try:
        return opportunity_create(user=user, fields=fields)
    except ActionBlocked as refusal:
        # Several are registered at once: say which activity could not be.
        raise ActionBlocked(*[f"{identifier}: {text}" for text in refusal.messages]) from refusal


@transaction.atomic
def iati_activities_adopt(
    *,
    iati_import: IatiImport,
    identifiers: Iterable[str],
    user: User,
    owning_unit: OrganisationalUnit,
    donor: Donor | None = None,
    kind: str,
) -> list[Opportunity]:
    """Register activities of the file as new opportunities (identified), all or none: one that
    cannot be registered refuses the whole choice, with its identifier in the reason. Without a
    donor chosen, each takes the directory's donor its activity names."""
    may_import(user)
    _ready(iati_import)
    chosen = list(dict.fromkeys(i for i in identifiers if i))
    if not chosen:
        raise ActionBlocked(_("Choose at least one activity to register."))
    if len(chosen) > settings.DONORFLOW_IATI_ADOPT_MAX:
        raise ActionBlocked(
            _("At most %(count)d activities are registered at once.")
            % {"count": settings.DONORFLOW_IATI_ADOPT_MAX}
        )
    guess = selectors.DonorGuess()
    return [
        _adopt_one(
            iati_import=iati_import,
            identifier=identifier,
            user=user,
            owning_unit=owning_unit,
            donor=donor,
            guess=guess,
            kind=kind,
        )
        for identifier in chosen
    ]


def _value(name: str, text: str) -> Any:
    if name.endswith(("_start", "_end")):
        return datetime.date.fromisoformat(text)
    return text


def iati_project_reconcile(
    *, iati_import: IatiImport, identifier: str, user: User, take: list[str]
) -> Project:
    """Take the file's values of the fields named in ``take`` into the matched project."""
    may_import(user)
    _ready(iati_import)
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
                    % {"field": dict(PROJECT_FIELDS)[name], "value": text}
                ) from exc
    if not fields:
        raise ActionBlocked(_("Choose at least one value to take from the file."))
    typed: ProjectFields = fields  # type: ignore[assignment]
    return project_update(project=project, user=user, fields=typed)
