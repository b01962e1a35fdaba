from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bounds import date_in_window
from core.due import due_index
from core.next_steps import Step, Whose
from core.records import person_field
from core.unique import UniqueMessages
from core.versions import VersionedRecord
from scheduling.series import Reminder, Series, planned

AGENDA_SERIES = Series((-1,))


class CoordinationMeeting(VersionedRecord):
    """A periodic meeting where units present new and ongoing opportunities to the department."""

    class Phase(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        TO_RECORD = "to_record", _("Held; outcomes to record")
        RECORDED = "recorded", _("Held; every outcome recorded")

    # What comes next in each phase and whose move it is, as the meeting's page says it.
    NEXT_STEPS: dict[str, Step] = {
        Phase.UPCOMING: Step(
            _("prepare the agenda; it goes to the attendees the day before"), Whose.DEPARTMENT
        ),
        Phase.TO_RECORD: Step(_("record each item's outcome"), Whose.DEPARTMENT),
        Phase.RECORDED: Step(_("nothing more: the minutes are ready")),
    }

    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts at"), validators=[date_in_window])
    place = models.CharField(_("place"), max_length=255, blank=True)
    attendee_units = models.ManyToManyField(
        "core.OrganisationalUnit",
        verbose_name=_("attending units"),
        blank=True,
        related_name="coordination_meetings",
    )
    summary = models.TextField(_("general notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT
    )
    # When the agenda goes to the attendees (the day before), and the minutes (once every
    # item's outcome is recorded); empty when nothing is due.
    agenda_reminder_at = models.DateTimeField(_("agenda reminder"), null=True, editable=False)
    minutes_due_at = models.DateTimeField(_("minutes due"), null=True, editable=False)

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-starts_at"]
        indexes = [
            due_index("agenda_reminder_at", "meeting_agenda_reminder_due"),
            due_index("minutes_due_at", "meeting_minutes_due"),
        ]

    def __str__(self) -> str:
        return self.title

    # --- Reminder rules: planning the due columns and the sweeps' decisions both ask these.

    def agenda_reminder(self, now: datetime.datetime) -> Reminder | None:
        """The agenda goes out the day before; a meeting set for tomorrow or today, at once."""
        if self.starts_at <= now:
            return None
        return Reminder(AGENDA_SERIES, timezone.localdate(self.starts_at))

    def plan_agenda_reminder(self) -> None:
        now = timezone.now()
        self.agenda_reminder_at = planned(self.agenda_reminder(now), now)

    def phase(self, now: datetime.datetime) -> str:
        if self.starts_at > now:
            return self.Phase.UPCOMING
        return self.Phase.RECORDED if self.minutes_ready() else self.Phase.TO_RECORD

    def minutes_ready(self) -> bool:
        """The minutes go out once every item on the agenda has its outcome recorded (read
        from the prefetched agenda when there is one)."""
        return all(item.outcome != AgendaItem.Outcome.PENDING for item in self.agenda_items.all())


class AgendaItem(UniqueMessages, models.Model):
    """One opportunity on a meeting's agenda and what became of it there."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet discussed")
        PRESENTED = "presented", _("Presented")
        DEFERRED = "deferred", _("Deferred to a later meeting")

    meeting = models.ForeignKey(
        CoordinationMeeting,
        verbose_name=_("coordination meeting"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    opportunity = models.ForeignKey(
        "workflow.Opportunity",
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    notes = models.TextField(_("what was said"), blank=True)
    recorded_by = person_field(_("recorded by"), null=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "opportunity"], name="agenda_item_once_per_meeting"
            ),
            # An item waits on one agenda at a time; once deferred it may go on the next one.
            models.UniqueConstraint(
                fields=["opportunity"],
                condition=models.Q(outcome="pending"),
                name="agenda_item_pending_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.opportunity_id}"
