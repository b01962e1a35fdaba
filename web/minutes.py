"""The minutes of a coordination meeting, as a printable page and as a PDF.

Both are drawn from one ``Minutes`` record built in the requested language, so the page and the
PDF always say the same thing. Georgian is the default; ``?language=en`` gives English.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from workflow import selectors

FONTS = Path(__file__).resolve().parent / "fonts"


@dataclass(frozen=True)
class MinutesItem:
    number: int
    reference: str
    title: str
    unit: str
    donor: str
    outcome: str
    notes: str


@dataclass(frozen=True)
class Minutes:
    language: str
    heading: str
    title: str
    when: str
    place: str
    attendees: list[str]
    summary: str
    items: list[MinutesItem]
    labels: dict[str, str]


def _language(request: HttpRequest) -> str:
    requested = request.GET.get("language", "ka")
    return requested if requested in dict(settings.LANGUAGES) else "ka"


def minutes_for(meeting_pk: int, language: str) -> Minutes:
    meeting = get_object_or_404(selectors.meetings(), pk=meeting_pk)
    with translation.override(language):
        english = language == "en"
        return Minutes(
            language=language,
            heading=_("Minutes of the coordination meeting"),
            title=meeting.title,
            when=formats.date_format(timezone.localtime(meeting.starts_at), "d.m.Y H:i"),
            place=meeting.place,
            attendees=[
                (u.name_en or u.name_ka) if english else u.name_ka
                for u in meeting.attendee_units.all()
            ],
            summary=meeting.summary,
            items=[
                MinutesItem(
                    number=number,
                    reference=row.opportunity.reference,
                    title=row.opportunity.title,
                    unit=(
                        row.opportunity.owning_unit.name_en or row.opportunity.owning_unit.name_ka
                    )
                    if english
                    else row.opportunity.owning_unit.name_ka,
                    donor=str(row.opportunity.donor),
                    outcome=str(row.get_outcome_display()),
                    notes=row.notes,
                )
                for number, row in enumerate(selectors.meeting_agenda(meeting), start=1)
            ],
            labels={
                "when": _("Date and time"),
                "place": _("place"),
                "attendees": _("attending units"),
                "summary": _("general notes"),
                "agenda": _("Agenda and outcomes"),
                "item": _("Item"),
                "unit": _("owning unit"),
                "donor": _("donor"),
                "outcome": _("outcome"),
                "notes": _("what was said"),
                "none": _("No items were on the agenda."),
                "page": _("Page"),
            },
        )


@login_required
def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = minutes_for(pk, _language(request))
    with translation.override(minutes.language):
        return render(request, "web/minutes.html", {"minutes": minutes, "meeting_pk": pk})


class _MinutesPdf(FPDF):
    page_label = "Page"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 8, f"{self.page_label} {self.page_no()}/{{nb}}", align="C")


def minutes_pdf_bytes(minutes: Minutes) -> bytes:
    pdf = _MinutesPdf(format="A4")
    pdf.page_label = minutes.labels["page"]
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"{minutes.heading}: {minutes.title}")
    pdf.set_lang(minutes.language)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()

    def line(text: str, *, size: int = 10, bold: bool = False, gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    line(minutes.heading, size=15, bold=True)
    line(minutes.title, size=12, bold=True, gap=4)
    line(f"{minutes.labels['when']}: {minutes.when}")
    if minutes.place:
        line(f"{minutes.labels['place']}: {minutes.place}")
    if minutes.attendees:
        line(f"{minutes.labels['attendees']}: {', '.join(minutes.attendees)}")
    if minutes.summary:
        line(f"{minutes.labels['summary']}: {minutes.summary}", gap=4)
    line(minutes.labels["agenda"], size=12, bold=True)
    if not minutes.items:
        line(minutes.labels["none"])
    else:
        pdf.set_font("DejaVu", size=8.5)
        heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
        with pdf.table(
            col_widths=(6, 40, 22, 16, 34),
            headings_style=heading,
            line_height=4.5,
            text_align="LEFT",
        ) as table:
            table.row(
                [
                    "#",
                    minutes.labels["item"],
                    minutes.labels["unit"],
                    minutes.labels["outcome"],
                    minutes.labels["notes"],
                ]
            )
            for item in minutes.items:
                table.row(
                    [
                        str(item.number),
                        f"{item.reference}\n{item.title}\n{minutes.labels['donor']}: {item.donor}",
                        item.unit,
                        item.outcome,
                        item.notes,
                    ]
                )
    return bytes(pdf.output())


@login_required
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = minutes_for(pk, _language(request))
    response = HttpResponse(minutes_pdf_bytes(minutes), content_type="application/pdf")
    filename = f"minutes-{pk}-{minutes.language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
