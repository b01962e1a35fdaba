"""The registers as CSV or XLSX: exactly the rows the user filtered, with Georgian headers.

In XLSX a date is a date cell and an amount, count or number of days a number cell, so a
clerk sorts by date and sums a budget in a spreadsheet without converting anything."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.spreadsheets import append_row
from needs.models import Need
from projects.models import Obligation, ObligationSubmission, Project, ProjectParticipant
from projects.selectors import budget_totals
from trainings.models import Training
from workflow.models import Opportunity

Column = tuple[str, Callable[[Opportunity], Any]]

# Wide enough that a date or an amount is shown rather than "###", narrow enough to read.
NARROWEST, WIDEST = 11, 60


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
        (_("donor application deadline"), lambda o: o.application_deadline),
        (_("closing outcome"), lambda o: o.get_closing_outcome_display()),
    ]


# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula, kept as text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value


def _csv_value(value: Any) -> Any:
    # CSV has no cell types: a date is written as the pages show it.
    if isinstance(value, datetime.date):
        return date_format(value, "d.m.Y")
    return csv_safe(value)


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
    writer.writerows([_csv_value(v) for v in row] for row in _rows(opportunities, columns))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("register", "csv")}"'
    return response


def _shown_width(value: Any) -> int:
    if isinstance(value, datetime.date):
        return len("31.12.2026 23:59" if isinstance(value, datetime.datetime) else "31.12.2026")
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_response(
    title: str, headers: list[str], rows: Iterable[list[Any]], name: str
) -> HttpResponse:
    """One sheet with a frozen, filterable header row, sent as ``donorflow-<name>-<date>.xlsx``.
    Dates become date cells and numbers number cells (``core.spreadsheets``); text stays text."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(headers)
    widths = [len(header) for header in headers]
    for row in rows:
        for cell, value in append_row(sheet, row):
            if value is not None:
                widths[cell.column - 1] = max(widths[cell.column - 1], _shown_width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            WIDEST, max(NARROWEST, width + 2)
        )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
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


ProjectColumn = tuple[str, Callable[[Project], Any]]


def project_columns(budgets: dict[int, dict[str, Decimal]]) -> list[ProjectColumn]:
    """The project register's columns; ``budgets`` holds each listed project's budget per
    currency (``budget_totals``), and gives one budget column per currency found in it.

    One column per currency, not one row per project and currency: a row stays one project,
    so counting, filtering and sorting rows counts, filters and sorts projects, and the sum
    of a budget column is a total in one currency, never a mix of euros and lari."""
    funding = ProjectParticipant.Role.FUNDING
    currencies = sorted({currency for totals in budgets.values() for currency in totals})

    def names(project: Project, donors: bool) -> str:
        return "; ".join(
            str(p)
            for p in project.participants.all()
            if (p.role == funding) == donors and (not donors or p.donor_id)
        )

    def budget(currency: str) -> ProjectColumn:
        header = _("budget (%(currency)s)") % {"currency": currency}
        return header, lambda p: budgets[p.pk].get(currency)

    return [
        (_("title (Georgian)"), lambda p: p.title_ka),
        (_("title (English)"), lambda p: p.title_en),
        (_("IATI identifier"), lambda p: p.iati_identifier),
        (_("status"), lambda p: p.get_status_display()),
        (_("donor"), lambda p: names(p, donors=True)),
        (_("participating organisations"), lambda p: names(p, donors=False)),
        (_("planned start"), lambda p: p.planned_start),
        (_("planned end"), lambda p: p.planned_end),
        (_("actual start"), lambda p: p.actual_start),
        (_("actual end"), lambda p: p.actual_end),
        *[budget(currency) for currency in currencies],
        (_("next progress report due"), lambda p: p.next_report_due),
        (_("public"), lambda p: _("yes") if p.is_public else _("no")),
    ]


def project_register_xlsx(projects: Iterable[Project]) -> HttpResponse:
    listed = list(projects)
    # The budget columns depend on the currencies of all the rows, so the sums come first.
    columns = project_columns({p.pk: budget_totals(p) for p in listed})
    headers = [header for header, _accessor in columns]
    rows = ([accessor(p) for _h, accessor in columns] for p in listed)
    return xlsx_response(_("Projects"), headers, rows, "projects")


def _sheet_of(
    title: str, name: str, columns: list[tuple[str, Callable[[Any], Any]]], records: Iterable[Any]
) -> HttpResponse:
    headers = [header for header, _accessor in columns]
    rows = ([accessor(record) for _h, accessor in columns] for record in records)
    return xlsx_response(title, headers, rows, name)


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def obligation_register_xlsx(obligations: QuerySet[Obligation]) -> HttpResponse:
    """The obligation register, one row per obligation, with the day its last report came in.

    The last report is read by a subquery rather than by joining the reports, so an
    obligation with many reports is still one row and the page's filters stay untouched."""
    last_report = ObligationSubmission.objects.filter(obligation=OuterRef("pk")).order_by(
        "-submitted_at"
    )
    listed = obligations.annotate(last_reported_at=Subquery(last_report.values("submitted_at")[:1]))
    every_n_days = Obligation.Recurrence.EVERY_N_DAYS
    # Rows carry the annotation, which the model's type does not know of.
    columns: list[tuple[str, Callable[[Any], Any]]] = [
        # A commitment's obligation names the commitment here (it has no project).
        (_("project"), lambda o: o.owed_under),
        (_("type"), lambda o: o.get_kind_display()),
        (_("description"), lambda o: o.description),
        (_("responsible unit"), lambda o: o.responsible_unit.name),
        (_("status"), lambda o: o.get_state_display()),
        (_("due date"), lambda o: o.due_date),
        (_("recurrence"), lambda o: o.get_recurrence_display()),
        # Only a series "every N days" has a number of days; for the others it means nothing.
        (
            _("every how many days"),
            lambda o: o.every_days if o.recurrence == every_n_days else None,
        ),
        (_("last report submitted"), lambda o: _local_day(o.last_reported_at)),
    ]
    return _sheet_of(_("Obligations"), "obligations", columns, listed)


def need_list_xlsx(needs: Iterable[Need]) -> HttpResponse:
    """The shopping list; reads the prefetched opportunities and projects of ``need_list``."""
    columns: list[tuple[str, Callable[[Need], Any]]] = [
        (_("title"), lambda n: n.title),
        (_("description"), lambda n: n.description),
        (_("source commitment"), lambda n: n.get_source_display()),
        (_("reference in the source"), lambda n: n.source_reference),
        (_("priority"), lambda n: n.get_priority_display()),
        (_("responsible unit"), lambda n: n.responsible_unit.name),
        (_("status"), lambda n: n.get_status_display()),
        (
            _("opportunities"),
            lambda n: "; ".join(sorted(o.reference for o in n.opportunities.all())),
        ),
        (_("projects"), lambda n: "; ".join(sorted(p.title_ka for p in n.projects.all()))),
    ]
    return _sheet_of(_("Shopping list"), "needs", columns, needs)


def training_list_xlsx(trainings: Iterable[Training]) -> HttpResponse:
    """The training record; reads the joined unit, opportunity and project and the prefetched
    staff of ``training_list``."""
    columns: list[tuple[str, Callable[[Training], Any]]] = [
        (_("name"), lambda t: t.name),
        (_("organiser"), lambda t: t.organiser),
        (_("unit"), lambda t: t.unit.name),
        (_("start date"), lambda t: t.start_date),
        (_("end date"), lambda t: t.end_date),
        # Days are shown to one decimal, as the route's days are, not as money.
        (_("duration, days"), lambda t: float(t.duration_days)),
        (_("place"), lambda t: t.place),
        (_("country"), lambda t: t.country),
        (_("women"), lambda t: t.women),
        (_("men"), lambda t: t.men),
        (_("participants"), lambda t: t.participants),
        (_("named staff"), lambda t: "; ".join(sorted(p.display_name for p in t.staff.all()))),
        (_("opportunity"), lambda t: t.opportunity.reference if t.opportunity else None),
        (_("project"), lambda t: t.project.title_ka if t.project else None),
    ]
    return _sheet_of(_("Trainings"), "trainings", columns, trainings)
