"""An action plan printed as the department prints it, and read back from a workbook.

Plan and report alike carry the columns საქმიანობა | ინდიკატორი | ვადები | სხვა
უწყება/სტრუქტურული ერთეული | შენიშვნები (``actionplans.layout.PRINTED``), each section a
heading row (``1.1. …``) above its activities (``1.1.1. …``). The report adds each quarter's
status, what was done and the figure reached. Both workbooks also carry the responsible unit,
the numeric target, the deadline date and what each activity serves, so that importing either
gives the same plan back; the PDF is an A4 landscape page in the Georgian font.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from actionplans.layout import COLUMNS, PRINTED, SheetRow, cell_value
from actionplans.models import ActionPlan, Activity, ActivityReport
from actionplans.quarters import QUARTERS, ROMAN
from actionplans.selectors import SectionRows, plan_sections, quarter_reports
from core.errors import ActionBlocked
from core.spreadsheets import append_row
from imports.file_bounds import MAX_COLUMNS, refuse_unbounded_xlsx, unreadable
from imports.readers import UNREADABLE_WORKBOOK
from web.documents.pdf import FONTS, HEADING


@dataclass(frozen=True)
class PrintedPlan:
    """What the workbook and the PDF print, in the requested language."""

    language: str
    title: str
    # Above the title, as the 2017 plan prints them: the ministry, then the department or unit.
    ministry: str
    owner: str
    headings: list[str]
    sections: list[SectionRows]
    report: bool


def _owner(plan: ActionPlan) -> str:
    return plan.unit.name if plan.unit else _("International Relations Department")


def _ministry(language: str) -> str:
    """The ministry, printed above the department as the 2017 plan is."""
    names = settings.IATI_REPORTING_ORG
    return str(names["name_ka"] if language == "ka" else names["name_en"])


def printed_plan(plan: ActionPlan, *, language: str, report: bool) -> PrintedPlan:
    with translation.override(language):
        headings = [str(column.label) for column in PRINTED]
        if report:
            headings += [
                _("%(quarter)s quarter") % {"quarter": ROMAN[quarter]} for quarter in QUARTERS
            ]
        return PrintedPlan(
            language=language,
            title=plan.title,
            ministry=_ministry(language),
            owner=_owner(plan),
            headings=headings,
            sections=plan_sections(plan),
            report=report,
        )


def _number(value: Decimal | None) -> str:
    return "" if value is None else formats.number_format(value, decimal_pos=None)


def quarter_text(report: ActivityReport | None) -> str:
    """A quarter's cell of the report: the status, what was done, the figure reached."""
    if report is None:
        return "—"
    lines = [str(report.get_status_display()), report.progress]
    if report.actual is not None:
        lines.append(_("reached so far") + f": {_number(report.actual)}")
    return "\n".join(line for line in lines if line)


def _printed_cells(activity: Activity) -> list[str]:
    return [
        f"{activity.number}. {activity.text}",
        activity.indicator,
        activity.deadline_text,
        activity.others_involved,
        activity.comments,
    ]


def _read_back_cells(activity: Activity) -> list[object]:
    """What the workbook carries beyond the printed columns so that it imports as the same
    plan: the responsible unit, the numeric target, the deadline date and what it serves."""
    return [
        activity.responsible_unit.name_ka,
        activity.target,
        activity.deadline,
        "; ".join(str(commitment) for commitment in activity.commitments.all()),
        "; ".join(f"#{need.pk} {need.title}" for need in activity.needs.all()),
        "; ".join(f"#{project.pk} {project.title_ka}" for project in activity.projects.all()),
    ]


# --- The workbook ----------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_WIDTHS = (60, 45, 16, 30, 25, 30, 14, 14, 24, 30, 30)
_BOLD = Font(bold=True)
_SHADED = PatternFill("solid", fgColor="E6E6E6")
_WRAPPED = Alignment(wrap_text=True, vertical="top")


def plan_xlsx(printed: PrintedPlan) -> bytes:
    """The plan (or, with ``printed.report``, its quarterly report) as a workbook in the
    printed layout; the plan's also carries what makes it read back as the same plan."""
    with translation.override(printed.language):
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = _("Action plan")[:31]
        extra = [str(column.label) for column in COLUMNS[len(PRINTED) :]]
        headings = printed.headings + extra
        for line in (printed.ministry, printed.owner, printed.title):
            append_row(sheet, [line])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=13)
        sheet.append([])
        for cell, _value in append_row(sheet, headings):
            cell.font, cell.fill, cell.alignment = _BOLD, _SHADED, _WRAPPED
        header_row = sheet.max_row
        sheet.freeze_panes = f"A{header_row + 1}"
        for rows in printed.sections:
            section = rows.section
            append_row(sheet, [f"{section.number}. {section.title}"])
            sheet.cell(sheet.max_row, 1).font = _BOLD
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=5
            )
            for activity in rows.activities:
                values: list[object] = list(_printed_cells(activity))
                if printed.report:
                    values += [quarter_text(report) for report in quarter_reports(activity)]
                values += _read_back_cells(activity)
                for cell, _value in append_row(sheet, values):
                    cell.alignment = _WRAPPED
        for index, _heading in enumerate(headings, start=1):
            width = _WIDTHS[index - 1] if index <= len(_WIDTHS) else 28
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def read_plan_rows(content: bytes) -> list[SheetRow]:
    """The first sheet's rows for ``actionplans.layout.read_plan``, each with the columns whose
    cells hold a formula (they are refused, not computed). A workbook that costs more to read
    than any plan needs is refused first (``imports.file_bounds``)."""
    if not content:
        raise ActionBlocked(_("The file is empty."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            refuse_unbounded_xlsx(archive)
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()
            rows = []
            for line, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
                values = [cell_value(getattr(cell, "value", None)) for cell in cells]
                formulas = frozenset(
                    index
                    for index, cell in enumerate(cells)
                    if getattr(cell, "data_type", None) == "f"
                )
                while values and not values[-1]:
                    values.pop()
                if values or formulas:
                    rows.append(SheetRow(line, values, formulas))
            return rows
        finally:
            book.close()
    except ActionBlocked:
        raise
    except UNREADABLE_WORKBOOK as exc:
        raise unreadable() from exc


# --- The PDF ---------------------------------------------------------------------------------------

_SECTION = FontFace(emphasis="BOLD", fill_color=(245, 245, 245))


class _Landscape(FPDF):
    def __init__(self, *, title: str, language: str, page_label: str) -> None:
        super().__init__(orientation="L", format="A4")
        self.page_label = page_label
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_lang(language)
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(auto=True, margin=14)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("DejaVu", size=7)
        self.cell(0, 6, f"{self.page_label} {self.page_no()}/{{nb}}", align="C")


def _pdf_widths(report: bool) -> Sequence[int]:
    # The printed columns share the page as the 2017 plan does; a report gives each quarter a
    # column of its own.
    return (58, 42, 18, 32, 22, 26, 26, 26, 27) if report else (92, 72, 28, 50, 35)


# A table row must fit on one page: a longer activity is carried on in the rows below it, as the
# 2017 plan breaks its rows at a page's end.
_LINES_PER_ROW = 36


def _pieces(pdf: FPDF, cells: Sequence[str], widths: Sequence[int]) -> list[list[str]]:
    """``cells`` as one row or, when a cell runs longer than a page, as several."""
    lines: list[list[str]] = [
        cast(list[str], pdf.multi_cell(w=width - 2, h=3.8, text=cell, dry_run=True, output="LINES"))
        if cell
        else []
        for cell, width in zip(cells, widths, strict=False)
    ]
    rows = max(1, *(-(-len(cell) // _LINES_PER_ROW) for cell in lines))
    return [
        ["\n".join(cell[row * _LINES_PER_ROW : (row + 1) * _LINES_PER_ROW]) for cell in lines]
        for row in range(rows)
    ]


def plan_pdf(printed: PrintedPlan) -> bytes:
    with translation.override(printed.language):
        pdf = _Landscape(title=printed.title, language=printed.language, page_label=_("Page"))
        pdf.set_font("DejaVu", "B", 10)
        for line in (printed.ministry, printed.owner):
            pdf.multi_cell(0, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, printed.title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("DejaVu", size=7.5 if printed.report else 8)
        columns = len(printed.headings)
        widths = _pdf_widths(printed.report)
        with pdf.table(
            col_widths=tuple(widths),
            headings_style=HEADING,
            line_height=3.8,
            text_align="LEFT",
            repeat_headings=1,
        ) as table:
            table.row(printed.headings)
            for rows in printed.sections:
                section = rows.section
                heading = table.row()
                heading.cell(f"{section.number}. {section.title}", colspan=columns, style=_SECTION)
                for activity in rows.activities:
                    cells = _printed_cells(activity)
                    if printed.report:
                        cells += [quarter_text(report) for report in quarter_reports(activity)]
                    for piece in _pieces(pdf, cells, widths):
                        table.row(piece)
        return bytes(pdf.output())
