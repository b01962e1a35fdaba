"""The minutes of a coordination meeting: one ``Minutes`` record built in the requested
language, which the printable page (``web.pages.meetings``) and the PDF drawn here both show,
so they always say the same thing."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from web.documents.pdf import Document
from workflow import selectors
from workflow.models import CoordinationMeeting


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


def minutes_for(meeting: CoordinationMeeting, language: str) -> Minutes:
    """``meeting`` as read by ``workflow.selectors.meetings`` (its attending units fetched)."""
    with translation.override(language):
        return Minutes(
            language=language,
            heading=_("Minutes of the coordination meeting"),
            title=meeting.title,
            when=formats.date_format(timezone.localtime(meeting.starts_at), "d.m.Y H:i"),
            place=meeting.place,
            attendees=[u.name for u in meeting.attendee_units.all()],
            summary=meeting.summary,
            items=[
                MinutesItem(
                    number=number,
                    reference=row.opportunity.reference,
                    title=row.opportunity.title,
                    unit=row.opportunity.owning_unit.name,
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


def minutes_pdf_bytes(minutes: Minutes) -> bytes:
    pdf = Document(
        title=f"{minutes.heading}: {minutes.title}",
        language=minutes.language,
        page_label=minutes.labels["page"],
    )
    pdf.paragraph(minutes.heading, size=15, bold=True)
    pdf.paragraph(minutes.title, size=12, bold=True, gap=4)
    pdf.paragraph(f"{minutes.labels['when']}: {minutes.when}")
    if minutes.place:
        pdf.paragraph(f"{minutes.labels['place']}: {minutes.place}")
    if minutes.attendees:
        pdf.paragraph(f"{minutes.labels['attendees']}: {', '.join(minutes.attendees)}")
    if minutes.summary:
        pdf.paragraph(f"{minutes.labels['summary']}: {minutes.summary}", gap=4)
    pdf.paragraph(minutes.labels["agenda"], size=12, bold=True)
    if not minutes.items:
        pdf.paragraph(minutes.labels["none"])
    else:
        labels = minutes.labels
        pdf.grid(
            ["#", labels["item"], labels["unit"], labels["outcome"], labels["notes"]],
            [
                [
                    str(item.number),
                    f"{item.reference}\n{item.title}\n{labels['donor']}: {item.donor}",
                    item.unit,
                    item.outcome,
                    item.notes,
                ]
                for item in minutes.items
            ],
            widths=(6, 40, 22, 16, 34),
        )
    return pdf.bytes()
