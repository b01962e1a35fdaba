"""The dashboard's figures as charts: for each, the bars' labels, values and the link each bar
opens, which the page hands to ``web/static/web/charts.js`` as JSON data (no script in the
page). The tables beside the charts carry the same figures in words."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from insight.figures import ComplianceRow, FundingTable, FunnelStage, StateTiming, StatusRow

Chart = dict[str, Any]

# Colours are named by the page's tones (CSS variables); charts.js reads their values.
STATUS_TONES = {
    "on_track": "ok",
    "at_risk": "warn",
    "off_track": "bad",
    "done": "brand",
    "not_assessed": "line",
}
CURRENCY_TONES = ("brand", "ok", "warn", "bad", "muted")


def _number(value: Any) -> float | int | None:
    """A bar's length; amounts are drawn, the table keeps them exact."""
    return float(value) if isinstance(value, Decimal) else value


def _dataset(label: str, tone: str, figures: list[Any], **more: Any) -> dict[str, Any]:
    """A series of bars; ``figures`` are Figures (value and link) or plain numbers."""
    return {
        "label": label,
        "tone": tone,
        "data": [_number(getattr(f, "value", f)) for f in figures],
        "links": [getattr(f, "url", "") for f in figures],
        **more,
    }


def funnel(stages: list[FunnelStage]) -> Chart:
    return {
        "horizontal": True,
        "labels": [stage.label for stage in stages],
        "datasets": [
            _dataset(_("reached it"), "brand", [stage.reached for stage in stages]),
            _dataset(_("in it now"), "ok", [stage.current for stage in stages]),
        ],
    }


def timings(rows: list[StateTiming]) -> Chart:
    return {
        "horizontal": True,
        "labels": [row.label for row in rows],
        "datasets": [
            _dataset(_("median days"), "brand", [row.median_days for row in rows]),
            _dataset(_("agreed limit, days"), "line", [row.limit_days for row in rows]),
        ],
    }


def funding(table: FundingTable) -> Chart:
    """A series per currency, never added together; the first currency is shown and the
    legend shows the others (their amounts differ by orders of magnitude)."""
    rows = dict(table.rows)
    return {
        "horizontal": True,
        "labels": list(rows),
        "datasets": [
            _dataset(
                currency,
                CURRENCY_TONES[n % len(CURRENCY_TONES)],
                [rows[name].get(currency) for name in rows],
                hidden=n > 0,
            )
            for n, currency in enumerate(table.currencies)
        ],
    }


def compliance(rows: list[ComplianceRow]) -> Chart:
    return {
        "horizontal": True,
        "labels": [row.unit for row in rows],
        "datasets": [
            _dataset(_("reported on time"), "ok", [row.on_time for row in rows]),
            _dataset(_("reported late"), "warn", [row.late for row in rows]),
            _dataset(_("overdue"), "bad", [row.overdue for row in rows]),
        ],
    }


def statuses(rows: list[StatusRow]) -> Chart:
    """Each row's commitments by status, stacked: a commitment has one status."""
    if not rows:
        return {"horizontal": True, "stacked": True, "labels": [], "datasets": []}
    return {
        "horizontal": True,
        "stacked": True,
        "labels": [row.name for row in rows],
        "datasets": [
            _dataset(
                share.label,
                STATUS_TONES.get(share.status, "muted"),
                [row.shares[n].count for row in rows],
            )
            for n, share in enumerate(rows[0].shares)
        ],
    }


def dashboard(figures: dict[str, Any]) -> dict[str, Chart]:
    """Every chart of the dashboard, from ``insight.figures.dashboard``'s figures."""
    return {
        "funnel": funnel(figures["funnel"]),
        "timings": timings(figures["timings"]),
        "funding_year": funding(figures["funding"]["year"]),
        "funding_donor": funding(figures["funding"]["donor"]),
        "funding_unit": funding(figures["funding"]["unit"]),
        "compliance": compliance(figures["compliance"]),
        "commitments": statuses(figures["commitments_by_framework"]),
    }
