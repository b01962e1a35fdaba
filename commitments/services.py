"""Every write to the frameworks, the commitments with their indicators, and donors' priorities.

A commitment's edit keeps its history (``CommitmentEdit``): its fields and its indicators, as
project edits keep KPIs and budget lines. A commitment's status reports are obligations of the
commitment (``projects``, above this app); the app that keeps them registers with
``after_commitment_saved`` at start and is called inside the same transaction whenever a
commitment is created or edited, so the reporting stays in step however the write is made.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from commitments.models import Commitment, DonorPriority, Framework, Indicator
from commitments.permissions import can_keep_commitments, can_keep_donor_priorities
from core.errors import ActionBlocked, ActionForbidden
from core.history import update_keeping_history
from core.models import Donor, OrganisationalUnit, User
from core.validation import validated
from core.versions import edit_begins, save_new_version


class FrameworkFields(TypedDict, total=False):
    code: str
    family: str
    name_ka: str
    name_en: str
    is_active: bool
    position: int


class CommitmentFields(TypedDict, total=False):
    framework: Framework
    reference: str
    text_ka: str
    text_en: str
    responsible_unit: OrganisationalUnit
    supporting_units: Sequence[OrganisationalUnit]
    partner_agencies: str
    deadline: datetime.date | None
    status: str
    reporting: str


class IndicatorData(TypedDict, total=False):
    """One indicator of a commitment; ``id`` names a stored one to edit (none: a new one)."""

    id: int
    name: str
    measure: str
    baseline: Decimal | None
    baseline_text: str
    baseline_date: datetime.date | None
    target: Decimal | None
    target_text: str
    target_date: datetime.date | None


class PriorityData(TypedDict, total=False):
    framework: Framework | None
    sector: str
    theme: str


TRACKED = (*Commitment.EDITABLE_FIELDS, "supporting_units")

# Called as hook(commitment, user, changed) inside the write's transaction, after a commitment
# is created (``changed`` names every field) or edited (the fields whose value changed).
CommitmentHook = Callable[[Commitment, User, set[str]], None]
_after_saved: list[CommitmentHook] = []


def after_commitment_saved(hook: CommitmentHook) -> None:
    """Register work a commitment's creation or edit starts in a higher app (its status-report
    obligation, ``projects``). Called at app start; registering the same hook twice keeps one."""
    if hook not in _after_saved:
        _after_saved.append(hook)


def _refuse_unless_keeper(user: User) -> None:
    if not can_keep_commitments(user):
        raise ActionForbidden(
            _("Only the department's coordinators and administrators keep the commitments.")
        )


# --- Frameworks --------------------------------------------------------------------------


@transaction.atomic
def framework_create(*, user: User, fields: FrameworkFields) -> Framework:
    _refuse_unless_keeper(user)
    framework = Framework(**fields)
    validated(framework, exclude=[])
    framework.save()
    return framework


@transaction.atomic
def framework_update(
    *,
    framework: Framework,
    user: User,
    fields: FrameworkFields,
    expected_version: int | None = None,
) -> Framework:
    """Edit a framework from what is stored now (VersionConflict if saved meanwhile). Its code
    stays as recorded: the IATI file names commitments by it, and the starting frameworks are
    found by it after every migration (a changed code would bring the old one back beside it)."""
    _refuse_unless_keeper(user)
    before = edit_begins(framework, expected_version=expected_version)
    if fields.get("code", framework.code) != framework.code:
        raise ActionBlocked(
            _("A framework's code stays as it was recorded; change its names instead.")
        )
    for name, value in fields.items():
        setattr(framework, name, value)
    validated(framework, exclude=[])
    save_new_version(framework, before=before)
    return framework


# --- Commitments -------------------------------------------------------------------------


def _check_commitment(commitment: Commitment) -> None:
    validated(commitment, exclude=["created_by"])


def _indicator_problems(indicator: Indicator) -> list[str]:
    problems = [
        found
        for found in (
            indicator.value_problem(indicator.baseline),
            indicator.value_problem(indicator.target),
            indicator.dates_problem(),
        )
        if found
    ]
    return [f"{indicator.name} — {problem}" for problem in dict.fromkeys(problems)]


def _drop_indicator(indicator: Indicator) -> None:
    refused = ActionBlocked(
        _("The indicator “%(name)s” has reported values and cannot be removed.")
        % {"name": indicator.name}
    )
    if indicator.actuals.exists():
        raise refused
    try:
        with transaction.atomic():  # a report's claimed values hold the indicator (PROTECT)
            indicator.delete()
    except ProtectedError:
        raise refused from None


def _replace_indicators(commitment: Commitment, given: Sequence[IndicatorData]) -> None:
    """The commitment's indicators become ``given``, in that order. A row with an ``id`` edits
    that indicator (its actuals stay with it); a stored one not given is removed, which is
    refused while it has actuals or a report claims a value for it."""
    stored = {indicator.pk: indicator for indicator in commitment.indicators.all()}
    kept: set[int] = set()
    problems: list[str] = []
    rows: list[Indicator] = []
    for position, data in enumerate(given):
        values: dict[str, Any] = dict(data)
        pk = values.pop("id", None)
        if pk is not None and pk not in stored:
            raise ActionBlocked(
                _("Indicator %(id)s is not an indicator of this commitment.") % {"id": pk}
            )
        indicator = stored[pk] if pk is not None else Indicator(commitment=commitment)
        for name, value in values.items():
            setattr(indicator, name, value)
        indicator.position = position
        problems += _indicator_problems(indicator)
        rows.append(indicator)
        if pk is not None:
            kept.add(pk)
    if problems:
        raise ActionBlocked(*problems)
    for pk, indicator in stored.items():
        if pk not in kept:
            _drop_indicator(indicator)
    for indicator in rows:
        validated(indicator, exclude=["commitment"])
        indicator.save()


def _indicators_snapshot(commitment: Commitment) -> dict[str, Any]:
    """The indicators as the commitment's edit history keeps them."""
    if not commitment.pk:
        return {}
    # Read from the database: the instance given may hold prefetched rows.
    rows = Indicator.objects.filter(commitment_id=commitment.pk).order_by("position", "id")
    return {
        "indicators": [
            f"{i.name}: {i.get_measure_display()}; "
            f"{i.baseline if i.baseline is not None else i.baseline_text} ({i.baseline_date or '—'})"
            f" → {i.target if i.target is not None else i.target_text} ({i.target_date or '—'})"
            for i in rows
        ]
    }


def _columns(commitment: Commitment) -> dict[str, Any]:
    """The commitment's editable columns (a unit by its key)."""
    fields = {field.name: field.attname for field in Commitment._meta.concrete_fields}
    return {name: getattr(commitment, fields[name]) for name in Commitment.EDITABLE_FIELDS}


def _saved(commitment: Commitment, user: User, changed: set[str]) -> None:
    for hook in _after_saved:
        hook(commitment, user, changed)


@transaction.atomic
def commitment_create(
    *, user: User, fields: CommitmentFields, indicators: Sequence[IndicatorData] = ()
) -> Commitment:
    """Record a commitment with its indicators; its status reports start at once (the
    registered hooks plan them)."""
    _refuse_unless_keeper(user)
    values: dict[str, Any] = dict(fields)
    supporting = values.pop("supporting_units", ())
    commitment = Commitment(created_by=user, **values)
    _check_commitment(commitment)
    commitment.save()
    commitment.supporting_units.set(supporting)
    _replace_indicators(commitment, indicators)
    _saved(commitment, user, set(TRACKED))
    return commitment


@transaction.atomic
def commitment_update(
    *,
    commitment: Commitment,
    user: User,
    fields: CommitmentFields,
    indicators: Sequence[IndicatorData] | None = None,
    expected_version: int | None = None,
) -> Commitment:
    """Edit a commitment from what is stored now: only the fields given change, the indicators
    only when given (``None`` keeps them), and what changed is kept as a CommitmentEdit. With
    ``expected_version``, an edit of one saved meanwhile is refused (VersionConflict)."""
    _refuse_unless_keeper(user)
    values: dict[str, Any] = dict(fields)
    supporting = values.pop("supporting_units", None)
    stored: dict[str, Any] = {}

    def may_edit() -> None:
        _refuse_unless_keeper(user)
        # What is stored now (the record was just read afresh), to tell the hooks what changed.
        stored.update(_columns(commitment))

    def after_save() -> None:
        if supporting is not None:
            commitment.supporting_units.set(supporting)
        if indicators is not None:
            _replace_indicators(commitment, indicators)

    update_keeping_history(
        commitment,
        user=user,
        fields=values,
        tracked=TRACKED,
        check=lambda: _check_commitment(commitment),
        may_edit=may_edit,
        after_save=after_save,
        parts=lambda: _indicators_snapshot(commitment),
        expected_version=expected_version,
    )
    now = _columns(commitment)
    _saved(commitment, user, {name for name, value in now.items() if stored[name] != value})
    return commitment


# --- Donors' priorities ------------------------------------------------------------------


@transaction.atomic
def donor_priorities_set(
    *, donor: Donor, user: User, priorities: Sequence[PriorityData]
) -> list[DonorPriority]:
    """What the donor gives to becomes ``priorities`` (a framework, a DAC sector or a theme
    each); the same area named twice is kept once."""
    if not can_keep_donor_priorities(user):
        raise ActionForbidden(
            _("Only the department's coordinators and administrators keep donors' priorities.")
        )
    rows: list[DonorPriority] = []
    seen: set[tuple[Any, ...]] = set()
    for data in priorities:
        row = DonorPriority(
            donor=donor,
            framework=data.get("framework"),
            sector=data.get("sector", "") or "",
            theme=(data.get("theme", "") or "").strip(),
        )
        key = (row.framework_id, row.sector, row.theme.casefold())
        if key in seen:
            continue
        seen.add(key)
        validated(row, exclude=["donor"])
        rows.append(row)
    DonorPriority.objects.filter(donor=donor).delete()
    DonorPriority.objects.bulk_create(rows)
    return rows
