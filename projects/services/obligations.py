"""The obligation register: recording what is owed, and moving each obligation through its
statuses (submitted by the responsible unit; accepted, returned or waived by the department)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TypedDict

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import Commitment
from core.documents import document_store
from core.errors import ActionBlocked, ActionForbidden, StateConflict
from core.history import update_keeping_history
from core.lifecycle import Move, transition_run
from core.models import OrganisationalUnit, User
from core.validation import validated
from projects import permissions as may
from projects.models import (
    Obligation,
    ObligationSubmission,
    Project,
    ProjectDocument,
)
from projects.services.commitment_reports import status_report_claims


class ObligationFields(TypedDict, total=False):
    kind: str
    description: str
    responsible_unit: OrganisationalUnit
    due_date: datetime.date
    recurrence: str
    every_days: int | None


def _may_keep(user: User) -> None:
    if not may.can_keep_register(user):
        raise ActionForbidden(_("Only the department's coordinators keep the obligation register."))


def _checked(obligation: Obligation) -> None:
    if obligation.recurrence != Obligation.Recurrence.EVERY_N_DAYS:
        obligation.every_days = None
    validated(obligation, exclude=["project", "commitment", "created_by"])


_STATUS_REPORTS_PLANNED = gettext_lazy(
    "A commitment's status reports are planned from its reporting periodicity and its "
    "responsible unit: change those on the commitment."
)


@transaction.atomic
def obligation_create(
    *,
    project: Project | None = None,
    commitment: Commitment | None = None,
    user: User,
    fields: ObligationFields,
) -> Obligation:
    """Record an obligation owed under a project or under a commitment (exactly one); a
    recurring series keeps the day of month it starts on. A commitment's status reports are
    not recorded here: every commitment has one, planned from its reporting periodicity."""
    _may_keep(user)
    if (project is None) == (commitment is None):
        raise ActionBlocked(
            _("Say what the obligation is owed under: a project or a commitment, not both.")
        )
    if fields.get("kind") == Obligation.Kind.STATUS_REPORT:
        raise ActionBlocked(str(_STATUS_REPORTS_PLANNED))
    obligation: Obligation = Obligation(
        project=project, commitment=commitment, created_by=user, **fields
    )
    _checked(obligation)
    obligation.anchor_day = obligation.due_date.day
    obligation.plan_chasing(obligation.state)
    obligation.save()
    return obligation


@transaction.atomic
def obligation_update(
    *,
    obligation: Obligation,
    user: User,
    fields: ObligationFields,
    expected_version: int | None = None,
) -> Obligation:
    """Correct an obligation. A new due date restarts the series' day of month and its chasing.
    With ``expected_version``, an edit of one saved meanwhile is refused (VersionConflict)."""
    _may_keep(user)
    if not may.can_correct_obligation(obligation, user):
        raise StateConflict(_("A settled obligation is kept as it was."))

    def check() -> None:
        # Judged on the row as stored now: it may have been settled or moved meanwhile.
        if not may.can_correct_obligation(obligation, user):
            raise StateConflict(_("A settled obligation is kept as it was."))
        _status_report_kept(obligation, fields)
        old_due = Obligation.objects.values_list("due_date", flat=True).get(pk=obligation.pk)
        _checked(obligation)
        if obligation.due_date != old_due:
            # A status report answers periods, which end on a month's last day: moved, its
            # series keeps to the month's end rather than to the new date's day (the 30th).
            obligation.anchor_day = 31 if obligation.is_status_report else obligation.due_date.day
        obligation.plan_chasing(obligation.state)

    update_keeping_history(
        obligation,
        user=user,
        fields=dict(fields),
        tracked=ObligationFields.__annotations__,
        check=check,
        expected_version=expected_version,
    )
    return obligation


def _status_report_kept(obligation: Obligation, fields: ObligationFields) -> None:
    """Whether an obligation is a commitment's status report is not edited, nor are the unit
    and the recurrence of one (they follow the commitment); its due date and text may be."""
    stored = Obligation.objects.values("kind", "responsible_unit_id", "recurrence").get(
        pk=obligation.pk
    )
    was_status_report = stored["kind"] == Obligation.Kind.STATUS_REPORT
    if (obligation.kind == Obligation.Kind.STATUS_REPORT) != was_status_report or (
        was_status_report
        and (
            obligation.responsible_unit_id != stored["responsible_unit_id"]
            or obligation.recurrence != stored["recurrence"]
        )
    ):
        raise ActionBlocked(str(_STATUS_REPORTS_PLANNED))


def obligation_transition(
    *,
    obligation: Obligation,
    user: User,
    name: str,
    comment: str = "",
    report: str = "",
    uploads: Sequence[UploadedFile[bytes]] = (),
    expected_version: int | None = None,
) -> Obligation:
    """Run one status move through the lifecycle runner. ``submit`` needs the report text
    (documents may go with it); ``return_for_revision`` and ``waive`` need a comment.
    Accepting a recurring obligation opens its next due date at once. The move is judged on
    the obligation as stored now."""
    transition_run(
        obligation,
        user=user,
        name=name,
        comment=comment,
        inputs={"report": report, "uploads": list(uploads)},
        expected_version=expected_version,
    )
    return obligation


def submission_keep(move: Move) -> None:
    """What the unit handed in with ``submit``: the report for the due date it answered, its
    documents, and for a commitment's status report its assessment and indicator values."""
    obligation: Obligation = move.item
    # A commitment's status report also carries its assessment and indicator values.
    assessment, claimed = status_report_claims(move)
    submission = ObligationSubmission.objects.create(
        obligation=obligation,
        due_date=move.before["due_date"],
        report=move.inputs["report"],
        assessment=assessment,
        submitted_by=move.user,
    )
    for value in claimed:
        value.submission = submission
        value.save()
    for upload in move.inputs.get("uploads", []):
        document_store(
            ProjectDocument(
                project=obligation.project, submission=submission, uploaded_by=move.user
            ),
            upload,
        )
