"""The register as CSV or XLSX: exactly the rows the user filtered, with Georgian headers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

from projects.models import Project, ProjectParticipant
from projects.selectors import budget_totals
from workflow.models import Opportunity

Column = tuple[str, Callable[[Opportunity], Any]]


def _date(value: Any) -> str:
    return date_format(value, "d.m.Y") if value else ""


def register_columns() -> list[Column]:
    return [
        (_("reference"), lambda o: o.reference),
        (_("title"), lambda o: o.title),
        (_("kind"), lambda o: o.get_kind_display()),
        (_("state"), lambda o: o.get_state_display()),
        (_("donor"), lambda o: o.donor.name),
        (_("owning unit"), lambda o: o.owning_unit.name),
        (_("estimated value"), lambda o: o.estimated_value),
        (_("currency"), lambda o: o.currency),
        (_("donor application deadline"), lambda o: _date(o.application_deadline)),
        (_("closing outcome"), lambda o: o.get_closing_outcome_display()),
    ]


# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula, kept as text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value


def _rows(opportunities: Iterable[Opportunity], columns: list[Column]) -> Iterable[list[Any]]:
    for opportunity in opportunities:
        yield [accessor(opportunity) for _header, accessor in columns]


def _filename(name: str, extension: str) -> str:
    return f"donorflow-{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def register_csv(opportunities: Iterable[Opportunity]) -> HttpResponse:
    columns = register_columns()
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets spreadsheet programs recognise UTF-8 Georgian text
    writer = csv.writer(buffer)
    writer.writerow([header for header, _accessor in columns])
    writer.writerows([csv_safe(v) for v in row] for row in _rows(opportunities, columns))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("register", "csv")}"'
    return response


def xlsx_response(
    title: str, headers: list[str], rows: Iterable[list[Any]], name: str
) -> HttpResponse:
    """One sheet with a frozen header row, sent as ``donorflow-<name>-<date>.xlsx``."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
        # openpyxl stores any text starting with "=" as a formula; users' text stays text.
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "xlsx")}"'
    return response


def register_xlsx(opportunities: Iterable[Opportunity]) -> HttpResponse:
    columns = register_columns()
    headers = [header for header, _accessor in columns]
    return xlsx_response(_("Register"), headers, _rows(opportunities, columns), "register")


def route_xlsx(
    routes: Iterable[tuple[Opportunity, dict[str, float]]], states: list[Any]
) -> HttpResponse:
    """Days each item spent in each state, one column per state."""
    headers = [_("reference"), _("title"), _("state"), *[str(s.label) for s in states]]
    rows = (
        [
            o.reference,
            o.title,
            o.get_state_display(),
            *[round(days[s], 1) if s in days else None for s in states],
        ]
        for o, days in routes
    )
    return xlsx_response(_("Route"), headers, rows, "route")


def _budget(project: Project) -> str:
    totals = budget_totals(project)
    return "; ".join(f"{amount} {currency}" for currency, amount in totals.items())


def project_columns() -> list[tuple[str, Callable[[Project], Any]]]:
    funding = ProjectParticipant.Role.FUNDING

    def names(project: Project, donors: bool) -> str:
        return "; ".join(
            str(p)
            for p in project.participants.all()
            if (p.role == funding) == donors and (not donors or p.donor_id)
        )

    return [
        (_("title (Georgian)"), lambda p: p.title_ka),
        (_("title (English)"), lambda p: p.title_en),
        (_("IATI identifier"), lambda p: p.iati_identifier),
        (_("status"), lambda p: p.get_status_display()),
        (_("donor"), lambda p: names(p, donors=True)),
        (_("participating organisations"), lambda p: names(p, donors=False)),
        (_("planned start"), lambda p: _date(p.planned_start)),
        (_("planned end"), lambda p: _date(p.planned_end)),
        (_("actual start"), lambda p: _date(p.actual_start)),
        (_("actual end"), lambda p: _date(p.actual_end)),
        (_("budget"), _budget),
        (_("next progress report due"), lambda p: _date(p.next_report_due)),
        (_("public"), lambda p: _("yes") if p.is_public else _("no")),
    ]


def project_register_xlsx(projects: Iterable[Project]) -> HttpResponse:
    columns = project_columns()
    headers = [header for header, _accessor in columns]
    rows = ([accessor(p) for _h, accessor in columns] for p in projects)
    return xlsx_response(_("Projects"), headers, rows, "projects")
