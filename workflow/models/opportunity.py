from __future__ import annotations

import datetime
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from core.append_only import FieldEditRecord, edited_record
from core.bounds import AmountField, EnteredDateField
from core.codelists import ActivityStatus, currency_choices
from core.constraints import once_when_set
from core.due import due_index
from core.lifecycle import Input, StateLog, days_between, transition
from core.next_steps import Step, Whose
from core.periodicity import Periodicity
from core.records import EnteredRecord
from core.versions import VersionedRecord
from scheduling import policy
from scheduling.series import Reminder, planned
from workflow import permissions as may
from workflow.guards import has_confirmed_funding, has_held_meeting, has_presentation_content


class Opportunity(ConcurrentTransitionMixin, VersionedRecord, EnteredRecord):
    class State(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        PRESENTED = "presented", _("Presented at a coordination meeting")
        APPROVED = "approved", _("Approved by top management")
        IN_COMMUNICATION = "in_communication", _("In communication with the donor")
        MONITORED = "monitored", _("Monitored")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        TECHNICAL_ASSISTANCE = "technical_assistance", _("Technical assistance")
        EXPERT_MISSION = "expert_mission", _("Expert mission")
        TRAINING = "training", _("Training / study visit")
        TWINNING = "twinning", _("Twinning")
        EQUIPMENT = "equipment", _("Equipment")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        NOT_FUNDED = "not_funded", _("Not funded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    Periodicity = Periodicity
    # An item in one of these states has left the pipeline: its file is kept as it was.
    FINISHED = (State.CLOSED, State.REJECTED)
    # An item in one of these states no longer applies to the donor (funded and monitored, or
    # finished): its application deadline is behind it.
    PAST_APPLICATION = (State.MONITORED, *FINISHED)

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    iati_identifier = models.CharField(
        _("IATI identifier"),
        max_length=150,
        blank=True,
        help_text=_("The activity's identifier in IATI, when it came from a donor's IATI file."),
    )
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    donor = models.ForeignKey(
        "core.Donor",
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    owning_unit = models.ForeignKey(
        "core.OrganisationalUnit",
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="owned_opportunities",
    )
    beneficiary_units = models.ManyToManyField(
        "core.OrganisationalUnit",
        verbose_name=_("beneficiary units"),
        blank=True,
        related_name="beneficiary_of_opportunities",
    )
    estimated_value = AmountField(
        _("estimated value"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=currency_choices, default="GEL"
    )
    application_deadline = EnteredDateField(_("donor application deadline"), null=True, blank=True)
    need = models.TextField(_("need it answers"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    monitoring_periodicity = models.CharField(
        _("monitoring periodicity"),
        max_length=16,
        choices=Periodicity.choices,
        default=Periodicity.QUARTERLY,
    )
    state = FSMField(_("state"), default=State.IDENTIFIED, choices=State.choices, db_index=True)
    closing_outcome = models.CharField(
        _("closing outcome"), max_length=16, choices=Outcome.choices, blank=True
    )
    presented_at = models.ForeignKey(
        "workflow.CoordinationMeeting",
        verbose_name=_("presented at meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presented_opportunities",
    )
    # What the department recommends to top management; written when the item is presented.
    ird_recommendation = models.TextField(_("the department's recommendation"), blank=True)
    confirmed_amount = AmountField(_("confirmed amount"), null=True, blank=True)
    confirmed_currency = models.CharField(
        _("confirmed currency"), max_length=3, choices=currency_choices, blank=True
    )
    funding_start_date = EnteredDateField(_("start date"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("in this state since"), null=True, editable=False)
    # When the sweeps next look at this item (see plan_reminders); empty when nothing is due.
    deadline_alert_at = models.DateTimeField(_("next deadline alert"), null=True, editable=False)
    follow_up_at = models.DateTimeField(_("next follow-up"), null=True, editable=False)

    # Until approval the donor's deadline can still be missed.
    BEFORE_APPROVAL = (State.IDENTIFIED, State.PRESENTED)

    # What comes next in each state and whose move it is, as the item's page says it (the
    # moves themselves are the transitions below).
    NEXT_STEPS: dict[str, Step] = {
        State.IDENTIFIED: Step(_("present it at a coordination meeting"), Whose.DEPARTMENT),
        State.PRESENTED: Step(_("approve, reject or return it"), Whose.TOP_MANAGEMENT),
        State.APPROVED: Step(_("contact the donor"), Whose.UNIT),
        State.IN_COMMUNICATION: Step(
            _("record the donor's answer: the confirmed funding, or not funded"), Whose.UNIT
        ),
        State.MONITORED: Step(_("report the project's progress until it ends"), Whose.UNIT),
        State.CLOSED: Step(_("nothing more: the file is kept as it is")),
        State.REJECTED: Step(_("nothing more: the file is kept as it is")),
    }

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owning_unit", "state"], name="opp_unit_state"),
            # The register's default order, whole, by unit and by donor: a page is read off
            # the index instead of sorting every matching row.
            models.Index(fields=["-created_at", "-id"], name="opp_newest"),
            models.Index(fields=["owning_unit", "-created_at", "-id"], name="opp_unit_newest"),
            models.Index(fields=["donor", "-created_at", "-id"], name="opp_donor_newest"),
            models.Index(fields=["application_deadline"], name="opp_deadline"),
            due_index("deadline_alert_at", "opp_deadline_alert_due"),
            due_index("follow_up_at", "opp_follow_up_due"),
        ]
        constraints = [
            once_when_set(
                "iati_identifier",
                "opportunity_iati_identifier_once",
                _("Another opportunity has this IATI identifier."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def iati_status(self) -> str:
        """The IATI activity status this item is published and compared as: the register keeps
        richer states; a closed item ended one of three ways, and only a completed one ran."""
        if self.state == self.State.CLOSED:
            if self.closing_outcome == self.Outcome.COMPLETED:
                return ActivityStatus.CLOSED
            return ActivityStatus.CANCELLED
        if self.state == self.State.MONITORED:
            return ActivityStatus.IMPLEMENTATION
        if self.state == self.State.REJECTED:
            return ActivityStatus.CANCELLED
        return ActivityStatus.PIPELINE

    # --- Reminder rules: whether each applies now and from which date. Planning the due
    # columns and the sweeps' decisions both ask these, so a state means one thing to both.

    def deadline_reminder(self, now: datetime.datetime) -> Reminder | None:
        """The missed-opportunity guard: counts down to the donor's deadline until approval."""
        deadline = self.application_deadline
        if (
            self.state not in self.BEFORE_APPROVAL
            or not deadline
            or deadline < timezone.localdate(now)
        ):
            return None
        return Reminder(policy.deadline_series(), deadline)

    def decision_reminder(self, now: datetime.datetime) -> Reminder | None:
        """A decision pending with top management, from the day the item was presented."""
        if self.state != self.State.PRESENTED:
            return None
        return Reminder(policy.decision_series(), self._in_state_since(now))

    def communication_reminder(self, now: datetime.datetime) -> Reminder | None:
        """Approved and no donor contact yet, from the day of the approval."""
        if self.state != self.State.APPROVED:
            return None
        return Reminder(policy.communication_series(), self._in_state_since(now))

    def follow_up_reminder(self, now: datetime.datetime) -> Reminder | None:
        """What the follow-up column waits for: a decision, or the first donor contact."""
        return self.decision_reminder(now) or self.communication_reminder(now)

    def _in_state_since(self, now: datetime.datetime) -> datetime.date:
        return timezone.localdate(self.state_changed_at or self.created_at or now)

    def plan_reminders(self) -> None:
        """Set when the sweeps next look at this item, for its state and deadline."""
        now = timezone.now()
        self.deadline_alert_at = planned(self.deadline_reminder(now), now)
        self.follow_up_at = planned(self.follow_up_reminder(now), now)

    # --- The lifecycle --------------------------------------------------------------------
    # Bodies stay pure: no I/O. core.lifecycle.transition_run checks, saves, logs and notifies.

    @transition(
        field=state,
        source=State.IDENTIFIED,
        target=State.PRESENTED,
        permission=may.is_coordinator,
        label=_("Mark presented"),
        guards=[has_presentation_content, has_held_meeting],
        # The meeting it was presented at, when the move is made from outside its agenda.
        inputs=[
            Input("meeting", field="presented_at"),
            Input("ird_recommendation", field="ird_recommendation"),
        ],
    )
    def present(self) -> None:
        pass

    @transition(
        field=state,
        source=State.PRESENTED,
        target=State.APPROVED,
        permission=may.is_top_management,
        label=_("Approve"),
    )
    def approve(self) -> None:
        pass

    @transition(
        field=state,
        source=State.PRESENTED,
        target=State.REJECTED,
        permission=may.is_top_management,
        label=_("Reject"),
        comment_required=True,
    )
    def reject(self) -> None:
        pass

    @transition(
        field=state,
        source=State.PRESENTED,
        target=State.IDENTIFIED,
        permission=may.is_top_management,
        label=_("Return for revision"),
        comment_required=True,
    )
    def return_for_revision(self) -> None:
        pass

    @transition(
        field=state,
        source=State.APPROVED,
        target=State.IN_COMMUNICATION,
        permission=may.is_owning_focal_point_or_coordinator,
        label=_("Start donor communication"),
    )
    def start_donor_communication(self) -> None:
        pass

    @transition(
        field=state,
        source=State.IN_COMMUNICATION,
        target=State.MONITORED,
        permission=may.is_owning_focal_point_or_coordinator,
        label=_("Start monitoring"),
        guards=[has_confirmed_funding],
        # The guard is met by what the person types with the action, not by earlier edits.
        inputs=[
            Input(name, field=name, meets_guard=True)
            for name in ("confirmed_amount", "confirmed_currency", "funding_start_date")
        ],
    )
    def start_monitoring(self) -> None:
        pass

    @transition(
        field=state,
        source=State.IN_COMMUNICATION,
        target=State.CLOSED,
        permission=may.is_owning_focal_point_or_coordinator,
        label=_("Mark not funded"),
        comment_required=True,
    )
    def mark_not_funded(self) -> None:
        self.closing_outcome = self.Outcome.NOT_FUNDED

    @transition(
        field=state,
        source=State.MONITORED,
        target=State.CLOSED,
        permission=may.is_coordinator,
        label=_("Close as completed"),
        comment_required=True,
    )
    def close(self) -> None:
        self.closing_outcome = self.Outcome.COMPLETED

    @transition(
        field=state,
        source=[State.IDENTIFIED, State.PRESENTED, State.APPROVED, State.IN_COMMUNICATION],
        target=State.CLOSED,
        permission=may.is_owning_focal_point_or_coordinator,
        label=_("Withdraw"),
        comment_required=True,
    )
    def withdraw(self) -> None:
        self.closing_outcome = self.Outcome.WITHDRAWN


class KeyPerformanceIndicator(models.Model):
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="kpis"
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit of measure"), max_length=60, blank=True)
    baseline = AmountField(_("baseline"), null=True, blank=True)
    target = AmountField(_("target"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The commitment indicator this KPI contributes to, when it serves one.
    serves = models.ForeignKey(
        "commitments.Indicator",
        verbose_name=_("contributes to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunity_kpis",
    )

    class Meta:
        verbose_name = _("key performance indicator")
        verbose_name_plural = _("key performance indicators")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class TransitionLog(StateLog):
    """Every state change of an opportunity: who, when, from, to and why."""

    STATES = Opportunity.State
    ITEM_FIELD = "opportunity"

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="transition_logs",
    )
    # How long the item had been in ``from_state``, kept so the dashboard's medians are a plain
    # aggregate instead of a walk over every item's route.
    stay_days = models.FloatField(_("days in the previous state"), null=True, editable=False)

    class Meta(StateLog.Meta):
        verbose_name = _("transition log entry")
        verbose_name_plural = _("transition log")
        indexes = [
            # Each item's route in order (route reports, the dashboard's medians), and who
            # reached a stage (the funnel), read from the index alone.
            models.Index(fields=["opportunity", "at", "id"], name="transitionlog_route"),
            models.Index(fields=["transition", "opportunity"], name="transitionlog_reached"),
            # The middle of each state's stays, for the medians.
            models.Index(fields=["from_state", "stay_days"], name="transitionlog_stays"),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding and self.stay_days is None:
            # The stay began at the item's previous move, or when it was registered. (The
            # transition service knows it already and passes it.)
            now = timezone.now()
            began = (
                TransitionLog.objects.filter(opportunity_id=self.opportunity_id)
                .order_by("-at", "-id")
                .values_list("at", flat=True)
                .first()
            ) or self.opportunity.created_at
            self.stay_days = days_between(began, now)
        super().save(*args, **kwargs)


class OpportunityEdit(FieldEditRecord):
    opportunity = edited_record(Opportunity, _("opportunity"))

    class Meta(FieldEditRecord.Meta):
        verbose_name = _("field edit")
        verbose_name_plural = _("field edits")


class ReferenceCounter(models.Model):
    """The last number handed out for a year's references (``OPP-2026-0042``)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
