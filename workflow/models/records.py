"""What is kept around an opportunity besides its fields: donor contacts and documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.models.base import AppendOnlyModel


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
    occurred_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    summary = models.TextField(_("summary"))
    next_step = models.TextField(_("next step"), blank=True)
    next_step_due = models.DateField(_("next step date"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("donor communication entry")
        verbose_name_plural = _("donor communication log")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.occurred_on}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is not the uploaded one: users' file names may clash or be unsafe.
    return f"attachments/{instance.opportunity_id}/{instance.token}{instance.extension}"


class Attachment(models.Model):
    """A document uploaded to an opportunity (a concept note, a donor letter, a budget)."""

    opportunity = models.ForeignKey(
        "workflow.Opportunity",
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    token = models.CharField(max_length=32, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(max_length=10, editable=False)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
