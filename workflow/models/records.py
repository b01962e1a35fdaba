"""What is kept around an opportunity besides its fields: donor contacts and documents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.append_only import AppendOnlyModel
from core.bounds import EnteredDateField
from core.documents import StoredDocument
from core.records import person_field


class DonorCommunication(AppendOnlyModel):
    """One entry of the donor communication log; kept as written, like the history."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        VIDEO = "video", _("Video call")
        LETTER = "letter", _("Official letter")
        OTHER = "other", _("Other")

    opportunity = models.ForeignKey(
        "workflow.Opportunity",
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="communications",
    )
    occurred_on = EnteredDateField(_("date"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    summary = models.TextField(_("summary"))
    next_step = models.TextField(_("next step"), blank=True)
    next_step_due = EnteredDateField(_("next step date"), null=True, blank=True)
    author = person_field(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("donor communication entry")
        verbose_name_plural = _("donor communication log")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.occurred_on}"


class Attachment(StoredDocument):
    """A document uploaded to an opportunity (a concept note, a donor letter, a budget)."""

    opportunity = models.ForeignKey(
        "workflow.Opportunity",
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    # A document taken off the item's file is kept, with who took it off, when and why.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    removed_by = person_field(_("removed by"), null=True, editable=False)
    removal_reason = models.CharField(_("reason for removal"), max_length=300, blank=True)

    class Meta(StoredDocument.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def storage_folder(self) -> str:
        return f"attachments/{self.opportunity_id}"
