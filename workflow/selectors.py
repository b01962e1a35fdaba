"""Reads of opportunities, with the joins each screen and endpoint needs done up front."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.models import OrganisationalUnit
from scheduling import policy
from scheduling.series import latest_anchor
from workflow import measures
from workflow.models import (
    AgendaItem,
    Attachment,
    CoordinationMeeting,
    DonorCommunication,
    KeyPerformanceIndicator,
    Opportunity,
    OpportunityEdit,
    TransitionLog,
)


def opportunity_register() -> QuerySet[Opportunity]:
    """The unified register: every opportunity, readable by everyone signed in."""
    return Opportunity.objects.select_related(
        "donor", "owning_unit", "presented_at"
    ).prefetch_related(
        "beneficiary_units",
        Prefetch("kpis", queryset=KeyPerformanceIndicator.objects.order_by("position", "id")),
    )


def beneficiary_unit_ids(opportunity_ids: Sequence[int]) -> dict[int, list[int]]:
    """Each opportunity's beneficiary units, in the units' own order."""
    through = Opportunity.beneficiary_units.through
    unit_order = OrganisationalUnit._meta.ordering or []
    order = [f"organisationalunit__{name}" for name in unit_order if isinstance(name, str)]
    pairs = (
        through.objects.filter(opportunity_id__in=opportunity_ids)
        .order_by(*order, "organisationalunit_id")
        .values_list("opportunity_id", "organisationalunit_id")
    )
    return _grouped(pairs)


def kpi_values(opportunity_ids: Sequence[int], fields: Sequence[str]) -> dict[int, list[Any]]:
    """Each opportunity's indicators as plain rows, in their order."""
    rows = (
        KeyPerformanceIndicator.objects.filter(opportunity_id__in=opportunity_ids)
        .order_by("position", "id")
        .values("opportunity_id", *fields)
    )
    return _grouped((row["opportunity_id"], row) for row in rows)


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def opportunity_history(opportunity: Opportunity) -> QuerySet[TransitionLog]:
    return opportunity.transition_logs.select_related("actor").order_by("at", "id")


def opportunity_edits(opportunity: Opportunity) -> QuerySet[OpportunityEdit]:
    return opportunity.edits.select_related("actor").order_by("at", "id")


def opportunities_of_units(unit_ids: set[int]) -> QuerySet[Opportunity]:
    return opportunity_register().filter(owning_unit_id__in=unit_ids)


def open_opportunities_of_units(unit_ids: set[int]) -> QuerySet[Opportunity]:
    """The units' items still in the pipeline."""
    return opportunities_of_units(unit_ids).exclude(state__in=Opportunity.FINISHED)


def awaiting_decision() -> QuerySet[Opportunity]:
    """Presented items: top management decides on these."""
    return opportunity_register().filter(state=Opportunity.State.PRESENTED)


def awaiting_presentation() -> QuerySet[Opportunity]:
    """Identified items not yet waiting on an agenda: the department's next agenda candidates."""
    on_an_agenda = AgendaItem.objects.filter(
        opportunity=OuterRef("pk"), outcome=AgendaItem.Outcome.PENDING
    )
    return opportunity_register().filter(~Exists(on_an_agenda), state=Opportunity.State.IDENTIFIED)


def overdue(today: datetime.date | None = None) -> QuerySet[Opportunity]:
    """Open items that slipped: the donor's application deadline passed before communication
    with the donor began, or the next step agreed with the donor is past its date."""
    today = today or timezone.localdate()
    latest_contact = DonorCommunication.objects.filter(opportunity=OuterRef("pk")).order_by(
        "-occurred_on", "-id"
    )
    before_donor = [
        Opportunity.State.IDENTIFIED,
        Opportunity.State.PRESENTED,
        Opportunity.State.APPROVED,
    ]
    return (
        opportunity_register()
        .annotate(next_step_due=Subquery(latest_contact.values("next_step_due")[:1]))
        .filter(
            Q(state__in=before_donor, application_deadline__lt=today)
            | Q(state=Opportunity.State.IN_COMMUNICATION, next_step_due__lt=today)
        )
    )


def _with_latest_contact(queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """Annotate the next step agreed with the donor at the latest contact (``next_step_due``)."""
    latest_contact = DonorCommunication.objects.filter(opportunity=OuterRef("pk")).order_by(
        "-occurred_on", "-id"
    )
    return queryset.annotate(next_step_due=Subquery(latest_contact.values("next_step_due")[:1]))


def _with_last_move(queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """Annotate the item's latest move (``last_move``) and when it was made (``last_move_at``)."""
    latest = TransitionLog.objects.filter(opportunity=OuterRef("pk")).order_by("-at", "-id")
    return queryset.annotate(
        # An item never moved has no last move: "" rather than NULL, so excluding by it works.
        last_move=Coalesce(Subquery(latest.values("transition")[:1]), Value("")),
        last_move_at=Subquery(latest.values("at")[:1]),
    )


def _returned() -> Q:
    """Identified again because top management returned it: on a queryset with ``last_move``."""
    return Q(state=Opportunity.State.IDENTIFIED, last_move="return_for_revision")


def moves_of_units(unit_ids: set[int]) -> QuerySet[Opportunity]:
    """The units' items whose next move is the unit's own, the longest waiting first: approved
    (contact the donor), in communication with the donor (record its answer, start monitoring
    or say it was not funded), and identified items whose file still lacks what a
    presentation needs (expected results, a KPI). Items returned by top management are
    listed apart (``returned_to_units``)."""
    has_kpi = Exists(KeyPerformanceIndicator.objects.filter(opportunity=OuterRef("pk")))
    incomplete = Q(state=Opportunity.State.IDENTIFIED) & (Q(expected_results="") | ~Q(has_kpi))
    theirs = Q(state__in=[Opportunity.State.APPROVED, Opportunity.State.IN_COMMUNICATION])
    items = _with_last_move(_with_latest_contact(opportunities_of_units(unit_ids)))
    return (
        measures.with_state_since(items)
        .filter(theirs | incomplete)
        .exclude(_returned())
        .order_by(F("state_since"), "id")
    )


def returned_to_units(unit_ids: set[int]) -> QuerySet[Opportunity]:
    """The units' items top management returned for revision, the longest waiting first; each
    carries ``last_move_at``, when it was returned."""
    items = _with_last_move(opportunities_of_units(unit_ids))
    return items.filter(_returned()).order_by(F("last_move_at"), "id")


def follow_ups_due(unit_ids: set[int], until: datetime.date) -> QuerySet[Opportunity]:
    """The units' items in communication with the donor whose next step agreed with the donor
    falls on or before ``until`` (past ones included), the earliest first."""
    items = _with_latest_contact(opportunities_of_units(unit_ids))
    # Annotations are named through Q and F: the type checker knows only the model's fields.
    return items.filter(
        Q(next_step_due__lte=until), state=Opportunity.State.IN_COMMUNICATION
    ).order_by(F("next_step_due"), "id")


def stuck(now: datetime.datetime) -> QuerySet[Opportunity]:
    """Open items in a state longer than its agreed limit (the dashboard's stuck rule,
    ``workflow.measures``), the longest stuck first; each carries ``state_since``."""
    beyond = Q(pk__in=[])
    for state, days in measures.stuck_limits().items():
        beyond |= measures.stuck_since(state, now - datetime.timedelta(days=days))
    return (
        measures.with_state_since(opportunity_register())
        .filter(beyond)
        .order_by(F("state_since"), "id")
    )


def communication_escalated(unit_ids: set[int], today: datetime.date) -> QuerySet[Opportunity]:
    """The units' approved items with no donor contact so long that the reminder series has
    gone on to the unit's head (``Opportunity.communication_reminder``'s second mark), the
    longest waiting first; each carries ``state_since``."""
    offsets = sorted(policy.communication_series().offsets)
    if len(offsets) < 2:
        return Opportunity.objects.none()
    latest_start = latest_anchor(offsets[1], today)
    items = measures.with_state_since(opportunities_of_units(unit_ids))
    return items.filter(
        Q(state_since__date__lte=latest_start), state=Opportunity.State.APPROVED
    ).order_by(F("state_since"), "id")


def opportunity_communications(opportunity: Opportunity) -> QuerySet[DonorCommunication]:
    return opportunity.communications.select_related("author").order_by("-occurred_on", "-id")


def opportunity_attachments(opportunity: Opportunity) -> QuerySet[Attachment]:
    """The documents on the item's file, newest first."""
    return (
        opportunity.attachments.filter(removed_at__isnull=True)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")
    )


def opportunity_removed_attachments(opportunity: Opportunity) -> QuerySet[Attachment]:
    """Documents taken off the item's file, last removed first."""
    return (
        opportunity.attachments.filter(removed_at__isnull=False)
        .select_related("uploaded_by", "removed_by")
        .order_by("-removed_at", "-id")
    )


def opportunity_agenda_items(opportunity: Opportunity) -> QuerySet[AgendaItem]:
    return opportunity.agenda_items.select_related("meeting").order_by("meeting__starts_at")


def meetings() -> QuerySet[CoordinationMeeting]:
    return CoordinationMeeting.objects.prefetch_related("attendee_units").order_by(
        "-starts_at", "-id"
    )


def next_meeting() -> CoordinationMeeting | None:
    """The first meeting from today on (one earlier today may still be running)."""
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        CoordinationMeeting.objects.filter(starts_at__gte=start_of_today)
        .order_by("starts_at", "id")
        .first()
    )


def meeting_agenda(meeting: CoordinationMeeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.select_related(
        "opportunity__owning_unit", "opportunity__donor", "recorded_by"
    ).order_by("position", "id")
