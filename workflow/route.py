"""The route an opportunity took: each stay in a state, from its transition log."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from workflow.measures import FINISHED
from workflow.models import Opportunity, TransitionLog

DAY = 86400.0


@dataclass(frozen=True)
class Stay:
    state: str
    entered: datetime.datetime
    left: datetime.datetime | None  # still there

    def days(self, now: datetime.datetime) -> float:
        return ((self.left or now) - self.entered).total_seconds() / DAY

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
        if stay.state not in FINISHED:
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


# Every ended stay as (state, days), by the same rule as ``stays``: a log row ends the stay
# in the state the item was in, which began at the previous row, or at creation.
_ENDED_STAYS = """
SELECT COALESCE(LAG(l.to_state) OVER item, 'identified') AS state,
       {days} AS days
  FROM workflow_transitionlog l
  JOIN workflow_opportunity o ON o.id = l.opportunity_id
WINDOW item AS (PARTITION BY l.opportunity_id ORDER BY l.at, l.id)
"""
_DAYS = {
    "postgresql": "EXTRACT(EPOCH FROM l.at - COALESCE(LAG(l.at) OVER item, o.created_at)) / 86400.0",
    "sqlite": "julianday(l.at) - julianday(COALESCE(LAG(l.at) OVER item, o.created_at))",
}


def register_median_days() -> dict[str, float]:
    """``median_days`` over every opportunity, computed where the rows are: at 100,000 items
    reading every log into Python takes seconds."""
    days = _DAYS.get(connection.vendor)
    if days is None:  # another database: the same answer, the slow way
        return median_days(Opportunity.objects.prefetch_related("transition_logs"))
    stays_sql = _ENDED_STAYS.format(days=days)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT state, percentile_cont(0.5) WITHIN GROUP (ORDER BY days) "
                f"FROM ({stays_sql}) stays GROUP BY state"
            )
            return {state: float(median) for state, median in cursor.fetchall()}
        cursor.execute(stays_sql)
        ended: dict[str, list[float]] = defaultdict(list)
        for state, value in cursor.fetchall():
            ended[state].append(float(value))
    return {state: statistics.median(values) for state, values in ended.items()}
