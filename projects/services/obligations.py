"""The obligation register: recording what is owed, and moving each obligation through its
statuses (submitted by the responsible unit; accepted, returned or waived by the department)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TypedDict

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.documents import document_store
from core.errors import ActionBlocked, ActionForbidden, StateConflict
from core.history import update_keeping_history
from core.lifecycle import permitted_transition, refuse_if_missing, run_passed
from core.models import OrganisationalUnit, User
from core.validation import validated
from core.versions import edit_begins, save_new_version
from notifications.recipients import coordinators, responsible_unit
from notifications.services import notifications_enqueue
from projects import permissions as may
from projects.models import (
    Obligation,
    ObligationLog,
    ObligationSubmission,
    Project,
    ProjectDocument,
)


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
    validated(obligation, exclude=["project", "created_by"])


@transaction.atomic
def obligation_create(*, project: Project, user: User, fields: ObligationFields) -> Obligation:
    """Record an obligation; a recurring series keeps the day of month it starts on."""
    _may_keep(user)
    obligation = Obligation(project=project, created_by=user, **fields)
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
        old_due = Obligation.objects.values_list("due_date", flat=True).get(pk=obligation.pk)
        _checked(obligation)
        if obligation.due_date != old_due:
            obligation.anchor_day = obligation.due_date.day
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


@transaction.atomic
def obligation_transition(
    *,
    obligation: Obligation,
    user: User,
    name: str,
    comment: str = "",
    report: str = "",
    uploads: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> Obligation:
    """Run one status move. ``submit`` needs the report text (documents may go with it);
    ``return_for_revision`` and ``waive`` need a comment. Accepting a recurring obligation
    opens its next due date at once. The move is judged on the obligation as stored now."""
    before = edit_begins(obligation, expected_version=expected_version)
    transition = permitted_transition(obligation, user, name)
    comment = comment.strip()
    refuse_if_missing(transition, obligation, comment)
    if name == "submit" and not report.strip():
        raise ActionBlocked(_("Write the report before submitting it."))

    from_state, due_date = obligation.state, obligation.due_date
    run_passed(transition, obligation)
    save_new_version(obligation, before=before, related_changed=True)

    if name == "submit":
        submission = ObligationSubmission.objects.create(
            obligation=obligation, due_date=due_date, report=report.strip(), submitted_by=user
        )
        for upload in uploads:
            document_store(
                ProjectDocument(
                    project=obligation.project, submission=submission, uploaded_by=user
                ),
                upload,
            )
    log = ObligationLog.objects.create(
        obligation=obligation,
        transition=name,
        from_state=from_state,
        to_state=obligation.state,
        due_date=due_date,
        actor=user,
        comment=comment,
    )
    notifications_enqueue(
        kind=f"obligation.{name}",
        item=obligation,
        recipients=responsible_unit(obligation.responsible_unit) + coordinators(),
        context={
            "project": obligation.project.title_ka,
            "obligation": str(obligation.get_kind_display()),
            "due_date": due_date.isoformat(),
            "next_due_date": obligation.due_date.isoformat(),
            "to_state": obligation.state,
            "comment": comment,
            "actor": user.display_name,
        },
        event_key=f"obligation-log-{log.pk}",
        exclude_user_id=user.pk,
    )
    return obligation
