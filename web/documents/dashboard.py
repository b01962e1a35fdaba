"""The dashboard's tables as one spreadsheet: a row per figure, named by its table, its row
and its column, so the sheet filters and pivots however a reader needs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from web.documents.exports import xlsx_response

Row = list[Any]


def _funnel(context: dict[str, Any]) -> Iterator[Row]:
    title = _("Funnel by state")
    for stage in context["funnel"]:
        yield [title, stage.label, _("reached it"), stage.reached.value]
        yield [title, stage.label, _("in it now"), stage.current.value]
        yield [title, stage.label, _("went on to the next stage"), stage.conversion]
    yield [title, _("Rejected"), _("in it now"), context["rejected"].value]


def _timings(context: dict[str, Any]) -> Iterator[Row]:
    title = _("Time in each state")
    for row in context["timings"]:
        yield [title, row.label, _("median days"), row.median_days]
        yield [title, row.label, _("agreed limit, days"), row.limit_days]
        yield [title, row.label, _("stuck beyond the limit"), row.stuck and row.stuck.value]


def _funding(context: dict[str, Any]) -> Iterator[Row]:
    tables = context["funding"]
    for key, title in (
        ("donor", _("Funding by donor")),
        ("unit", _("Funding by unit")),
        ("year", _("Funding by year")),
    ):
        for name, cells in tables[key].rows:
            for currency, cell in cells.items():
                yield [title, name, currency, cell.value]


def _compliance(context: dict[str, Any]) -> Iterator[Row]:
    title = _("Obligation compliance by unit")
    for row in context["compliance"]:
        yield [title, row.unit, _("reported on time"), row.on_time.value]
        yield [title, row.unit, _("reported late"), row.late.value]
        yield [title, row.unit, _("overdue"), row.overdue.value]


def _commitments(context: dict[str, Any]) -> Iterator[Row]:
    for key, title in (
        ("commitments_by_framework", _("Commitments by framework")),
        ("commitments_by_unit", _("Commitments by unit responsible")),
    ):
        for row in context[key]:
            for share in row.shares:
                yield [title, row.name, share.label, share.count.value]


def dashboard_xlsx(context: dict[str, Any]) -> HttpResponse:
    """``context`` is ``insight.figures.dashboard``'s: the figures the page shows."""
    headers = [_("table"), _("row"), _("column"), _("value")]
    rows = [
        *_funnel(context),
        *_timings(context),
        *_funding(context),
        *_compliance(context),
        *_commitments(context),
    ]
    return xlsx_response(_("Dashboard"), headers, rows, "dashboard")
