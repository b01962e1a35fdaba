"""Writes of what is kept around an opportunity: the donor communication log and documents."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents import document_store
from core.errors import ActionBlocked, ActionForbidden, StateConflict
from core.models import User
from core.validation import validated
from workflow import permissions as may
from workflow.models import Attachment, DonorCommunication, Opportunity


def _may_keep_records(opportunity: Opportunity, user: User) -> None:
    if not may.can_keep_records(opportunity, user):
        raise ActionForbidden(
            _("Only the owning unit's focal points and the department add to an open item's file.")
        )


@transaction.atomic
def communication_log_add(
    *,
    opportunity: Opportunity,
    user: User,
    occurred_on: datetime.date,
    channel: str,
    summary: str,
    next_step: str = "",
    next_step_due: datetime.date | None = None,
) -> DonorCommunication:
    """Record a contact with the donor. A contact cannot be in the future, and its next step
    cannot fall before it."""
    _may_keep_records(opportunity, user)
    problems = []
    if occurred_on > timezone.localdate():
        problems.append(_("The contact date cannot be in the future."))
    if next_step_due is not None and next_step_due < occurred_on:
        problems.append(_("The next step cannot be due before the contact took place."))
    if next_step_due is not None and not next_step.strip():
        problems.append(_("Describe the next step that is due on that date."))
    if problems:
        raise ActionBlocked(*problems)
    entry = DonorCommunication(
        opportunity=opportunity,
        author=user,
        occurred_on=occurred_on,
        channel=channel,
        summary=summary.strip(),
        next_step=next_step.strip(),
        next_step_due=next_step_due,
    )
    validated(entry, exclude=["opportunity", "author"])
    entry.save()
    return entry


@transaction.atomic
def attachment_add(
    *,
    opportunity: Opportunity,
    user: User,
    upload: UploadedFile[bytes] | None,
    description: str = "",
) -> Attachment:
    """Keep a document on the item after checking its size and that it is what its name says."""
    _may_keep_records(opportunity, user)
    attachment: Attachment = document_store(
        Attachment(opportunity=opportunity, uploaded_by=user), upload, description=description
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, user: User, reason: str) -> Attachment:
    """Take a document off the item's file, saying why. The file and its row are kept, with who
    took it off and when, so nothing uploaded is ever lost."""
    _may_keep_records(attachment.opportunity, user)
    attachment.removal_reason = reason.strip()
    if not attachment.removal_reason:
        raise ActionBlocked(_("Say why the document is removed."))
    validated(attachment, exclude=["file", "uploaded_by", "opportunity"])
    attachment.removed_at, attachment.removed_by = timezone.now(), user
    # Conditional, so two people removing the same document at once record one removal.
    taken = Attachment.objects.filter(pk=attachment.pk, removed_at__isnull=True).update(
        removed_at=attachment.removed_at,
        removed_by=user,
        removal_reason=attachment.removal_reason,
    )
    if not taken:
        raise StateConflict(_("This document has already been removed."))
    return attachment
