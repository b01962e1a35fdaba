"""The outbox: one row per message to one recipient, written in the transaction that causes it.

Delivery reads these rows; a lost broker message only delays a row, it never loses it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.due import due_index
from core.unique import UniqueMessages
from notifications.kinds import kind_label


class Notification(UniqueMessages, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Waiting for the recipient's daily digest.
        HELD = "held", _("Held for the daily digest")
        BUNDLED = "bundled", _("Sent in a digest")
        # Shown in the app only: the person opted out of this kind's mail, or has no address.
        IN_APP = "in_app", _("In the app only")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # A unit's shared mailbox has no user behind it; a person without an address has none.
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="ka")
    kind = models.CharField(_("kind"), max_length=60)
    # Digests are about no single item.
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    item = GenericForeignKey("content_type", "object_id")
    context = models.JSONField(_("context"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["content_type", "object_id"], name="notification_item"),
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class NotificationPreference(UniqueMessages, models.Model):
    """How one person wants their mail: at once or in a daily digest, and which kinds not at all.

    Mandatory kinds (escalations, the deadline guard, digests) always go out at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    daily_digest = models.BooleanField(
        _("one daily digest instead of separate mails"), default=False
    )
    muted_kinds = models.JSONField(_("kinds not sent by email"), default=list, blank=True)
    # When this person's digest is next due; empty while nothing waits for it.
    next_digest_at = models.DateTimeField(_("next digest"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        indexes = [
            due_index("next_digest_at", "preference_digest_due"),
        ]

    def __str__(self) -> str:
        return str(self.user)
