"""The route an opportunity took: each stay in a state, from its transition log."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from core.lifecycle import days_between
from workflow.models import Opportunity, TransitionLog


@dataclass(frozen=True)
class Stay:
    state: str
    entered: datetime.datetime
    left: datetime.datetime | None  # still there

    def days(self, now: datetime.datetime) -> float:
        return days_between(self.entered, self.left or now)

    @property
    def state_label(self) -> str:
        return str(Opportunity.State(self.state).label)


def stays(opportunity: Opportunity, logs: Iterable[TransitionLog]) -> list[Stay]:
    """Every state the item was in, in order; ``logs`` are its transitions oldest first."""
    result = []
    state, entered = Opportunity.State.IDENTIFIED.value, opportunity.created_at
    for log in logs:
        result.append(Stay(state, entered, log.at))
        state, entered = log.to_state, log.at
    result.append(Stay(state, entered, None))
    return result


def opportunity_stays(opportunity: Opportunity) -> list[Stay]:
    return stays(opportunity, opportunity.transition_logs.order_by("at", "id"))


def days_per_state(route: list[Stay], now: datetime.datetime) -> dict[str, float]:
    """Total days spent in each state that time runs in (a state may be visited twice)."""
    totals: dict[str, float] = defaultdict(float)
    for stay in route:
        if stay.state not in Opportunity.FINISHED:
            totals[stay.state] += stay.days(now)
    return dict(totals)


def register_routes(
    opportunities: Iterable[Opportunity], now: datetime.datetime
) -> list[tuple[Opportunity, dict[str, float]]]:
    """Days per state for each item; the queryset should prefetch ``transition_logs``."""
    return [
        (o, days_per_state(stays(o, sorted(o.transition_logs.all(), key=_log_order)), now))
        for o in opportunities
    ]


def median_days(opportunities: Iterable[Opportunity]) -> dict[str, float]:
    """Median days of the stays that ended, per state (a stay still running is not finished);
    ``register_median_days`` gives the same for the whole register in the database."""
    ended: dict[str, list[float]] = defaultdict(list)
    for o in opportunities:
        for stay in stays(o, sorted(o.transition_logs.all(), key=_log_order)):
            if stay.left is not None:
                ended[stay.state].append(stay.days(stay.left))
    return {state: statistics.median(values) for state, values in ended.items()}


def _log_order(log: TransitionLog) -> tuple[datetime.datetime, int]:
    return (log.at, log.pk)


def register_median_days(
    opportunities: QuerySet[Opportunity] | None = None,
) -> dict[str, float]:
    """``median_days`` over every opportunity (or those of ``opportunities``), from the stay
    length each log row keeps: the middle of each state's stays is read from an index, not
    sorted from every route."""
    ended = TransitionLog.objects.filter(stay_days__isnull=False)
    if opportunities is not None:
        ended = ended.filter(opportunity__in=opportunities)
    counts = dict(ended.values_list("from_state").annotate(n=Count("id")).order_by())
    medians = {}
    for state, count in counts.items():
        in_order = ended.filter(from_state=state).order_by("stay_days")
        middle = list(
            in_order.values_list("stay_days", flat=True)[(count - 1) // 2 : count // 2 + 1]
        )
        medians[state] = sum(value for value in middle if value is not None) / len(middle)
    return medians
