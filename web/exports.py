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


def _rows(opportunities: Iterable[Opportunity], columns: list[Column]) -> Iterable[list[Any]]:
    for opportunity in opportunities:
        yield [accessor(opportunity) for _header, accessor in columns]


def _filename(extension: str) -> str:
    return f"donorflow-register-{timezone.localdate():%Y-%m-%d}.{extension}"


def register_csv(opportunities: Iterable[Opportunity]) -> HttpResponse:
    columns = register_columns()
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets spreadsheet programs recognise UTF-8 Georgian text
    writer = csv.writer(buffer)
    writer.writerow([header for header, _accessor in columns])
    writer.writerows(_rows(opportunities, columns))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def register_xlsx(opportunities: Iterable[Opportunity]) -> HttpResponse:
    columns = register_columns()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Register")[:31]
    sheet.append([header for header, _accessor in columns])
    for row in _rows(opportunities, columns):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
