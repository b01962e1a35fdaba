"""The decision brief: what top management reads before deciding on a presented item — the
need and the commitments it serves, expected results and KPIs beside the commitment
indicators they contribute to, the donor's deadline and the amount, the department's
recommendation, what the coordination meeting recorded, and the documents.

One ``Brief`` is built per item in the requested language; the page (``web.pages.opportunities``)
and the A4 pack drawn here both show it, so they always say the same thing."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.models import Commitment, IndicatorValue
from needs.models import Need
from web.documents.pdf import Document
from workflow.models import (
    AgendaItem,
    Attachment,
    CoordinationMeeting,
    KeyPerformanceIndicator,
    Opportunity,
)

# The donor's deadline is "soon" within this many days.
SOON_DAYS = 7

# Georgian script (Mkhedruli, Asomtavruli, Mtavruli): a meeting title with it is not English.
GEORGIAN_SCRIPT = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")


@dataclass(frozen=True)
class CommitmentLine:
    pk: int
    framework: str
    reference: str
    text: str
    status: str
    status_code: str


@dataclass(frozen=True)
class NeedLine:
    pk: int
    title: str
    status: str
    priority: str
    commitments: list[CommitmentLine]


@dataclass(frozen=True)
class ServedIndicator:
    """The commitment indicator a KPI contributes to, and where it stands."""

    commitment: str
    name: str
    baseline: str
    target: str
    target_date: str
    latest: str
    latest_on: str
    lags: bool


@dataclass(frozen=True)
class KpiLine:
    name: str
    unit: str
    baseline: str
    target: str
    serves: ServedIndicator | None


@dataclass(frozen=True)
class MeetingRecord:
    """What one coordination meeting recorded about the item: its agenda entry and the
    meeting's general notes (the part of the minutes that concerns it)."""

    meeting_pk: int
    # The meeting's name with its date, once (``meeting_name``).
    name: str
    outcome: str
    notes: str
    recorded_by: str
    summary: str


@dataclass(frozen=True)
class DocumentLine:
    pk: int
    name: str
    size: int
    description: str
    uploaded_on: str


@dataclass(frozen=True)
class Brief:
    pk: int
    reference: str
    title: str
    state: str
    state_label: str
    waiting: bool
    kind: str
    unit: str
    donor: str
    amount: str
    deadline: str
    days_left: int | None
    deadline_words: str
    # "past", "soon" or "": how urgent the donor's deadline is.
    urgency: str
    presented_at: str
    need_text: str
    needs: list[NeedLine]
    description: str
    expected_results: str
    kpis: list[KpiLine]
    recommendation: str
    meetings: list[MeetingRecord]
    documents: list[DocumentLine]


def brief_items(opportunities: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """``opportunities`` with everything a brief shows fetched up front (a fixed number of
    queries for any number of items); earlier prefetches are replaced."""
    latest_first = IndicatorValue.objects.order_by("-period_end", "-id")
    return (
        opportunities.select_related("donor", "owning_unit", "presented_at")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "needs",
                queryset=Need.objects.order_by("title").prefetch_related(
                    Prefetch(
                        "commitments",
                        queryset=Commitment.objects.select_related("framework").order_by(
                            "framework__position", "framework__code", "reference"
                        ),
                    )
                ),
            ),
            Prefetch(
                "kpis",
                queryset=KeyPerformanceIndicator.objects.select_related(
                    "serves__commitment__framework"
                ).order_by("position", "id"),
            ),
            Prefetch("kpis__serves__actuals", queryset=latest_first),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("meeting", "recorded_by").order_by(
                    "meeting__starts_at", "id"
                ),
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(removed_at__isnull=True).order_by(
                    "-uploaded_at", "-id"
                ),
            ),
        )
    )


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "d.m.Y") if value else ""


def _figure(value: Decimal | None) -> str:
    """A number as the active language writes it, without decimals it does not need."""
    if value is None:
        return ""
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, places, force_grouping=True)


def _amount(value: Decimal | None, currency: str) -> str:
    if value is None:
        return ""
    return f"{formats.number_format(value, 2, force_grouping=True)} {currency}"


def deadline_words(days: int) -> str:
    if days < 0:
        return ngettext("%(days)s day past", "%(days)s days past", -days) % {"days": -days}
    if days == 0:
        return _("today")
    return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


def _urgency(days: int | None) -> str:
    if days is None:
        return ""
    if days < 0:
        return "past"
    return "soon" if days <= SOON_DAYS else ""


def meeting_name(meeting: CoordinationMeeting) -> str:
    """The meeting named once with its date, in the active language.

    Titles are typed by people and often carry the date already ("საკოორდინაციო შეხვედრა
    13.11.2026"), so the date is added only when the title lacks it. A meeting has one
    title, usually Georgian: outside Georgian a title in Georgian script gives way to
    "Coordination meeting <date>", which says everything the title does."""
    day = _date(timezone.localdate(meeting.starts_at))
    language = translation.get_language() or ""
    if not language.startswith("ka") and GEORGIAN_SCRIPT.search(meeting.title):
        return _("Coordination meeting %(date)s") % {"date": day}
    if day in meeting.title:
        return meeting.title
    return f"{meeting.title}, {day}"


def _commitment(commitment: Commitment) -> CommitmentLine:
    return CommitmentLine(
        pk=commitment.pk,
        framework=f"{commitment.framework.abbreviation} — {commitment.framework.name}",
        reference=commitment.reference,
        text=commitment.text,
        status=str(commitment.get_status_display()),
        status_code=commitment.status,
    )


def _served(kpi: KeyPerformanceIndicator, today: datetime.date) -> ServedIndicator | None:
    indicator = kpi.serves
    if indicator is None:
        return None
    actuals = list(indicator.actuals.all())  # latest first (``brief_items``)
    latest = actuals[0] if actuals else None
    latest_text = ""
    if latest is not None:
        latest_text = _figure(latest.value) if latest.value is not None else latest.text
    return ServedIndicator(
        commitment=str(indicator.commitment),
        name=indicator.name,
        baseline=_figure(indicator.baseline) or indicator.baseline_text,
        target=_figure(indicator.target) or indicator.target_text,
        target_date=_date(indicator.target_date),
        latest=latest_text,
        latest_on=_date(latest.period_end) if latest else "",
        lags=indicator.lags(latest, today),
    )


def brief_for(opportunity: Opportunity, language: str | None = None) -> Brief:
    """The brief of ``opportunity`` as read by ``brief_items``, in ``language`` (the active
    one when not given)."""
    with translation.override(language or translation.get_language()):
        today = timezone.localdate()
        deadline = opportunity.application_deadline
        days = (deadline - today).days if deadline else None
        presented_at = opportunity.presented_at
        return Brief(
            pk=opportunity.pk,
            reference=opportunity.reference,
            title=opportunity.title,
            state=opportunity.state,
            state_label=str(opportunity.get_state_display()),
            waiting=opportunity.state == Opportunity.State.PRESENTED,
            kind=str(opportunity.get_kind_display()),
            unit=opportunity.owning_unit.name,
            donor=str(opportunity.donor),
            amount=_amount(opportunity.estimated_value, opportunity.currency),
            deadline=_date(deadline),
            days_left=days,
            deadline_words=deadline_words(days) if days is not None else "",
            urgency=_urgency(days),
            presented_at=meeting_name(presented_at) if presented_at else "",
            need_text=opportunity.need,
            needs=[
                NeedLine(
                    pk=need.pk,
                    title=need.title,
                    status=str(need.get_status_display()),
                    priority=str(need.get_priority_display()),
                    commitments=[_commitment(c) for c in need.commitments.all()],
                )
                for need in opportunity.needs.all()  # type: ignore[attr-defined]
            ],
            description=opportunity.description,
            expected_results=opportunity.expected_results,
            kpis=[
                KpiLine(
                    name=kpi.name,
                    unit=kpi.unit,
                    baseline=_figure(kpi.baseline),
                    target=_figure(kpi.target),
                    serves=_served(kpi, today),
                )
                for kpi in opportunity.kpis.all()
            ],
            recommendation=opportunity.ird_recommendation,
            meetings=[
                MeetingRecord(
                    meeting_pk=row.meeting_id,
                    name=meeting_name(row.meeting),
                    outcome=str(row.get_outcome_display()),
                    notes=row.notes,
                    recorded_by=row.recorded_by.display_name if row.recorded_by else "",
                    summary=row.meeting.summary,
                )
                for row in opportunity.agenda_items.all()
            ],
            documents=[
                DocumentLine(
                    pk=document.pk,
                    name=document.original_name,
                    size=document.size,
                    description=document.description,
                    uploaded_on=_date(timezone.localdate(document.uploaded_at)),
                )
                for document in opportunity.attachments.all()
            ],
        )


# --- The A4 pack -----------------------------------------------------------------------


def _or_dash(text: str) -> str:
    return text or "—"


def _draw_brief(pdf: Document, brief: Brief, number: int) -> None:
    pdf.add_page()
    pdf.paragraph(f"{number}. {brief.reference}", size=10, bold=True, gap=0.5)
    pdf.paragraph(brief.title, size=14, bold=True, gap=3)
    deadline = brief.deadline
    if brief.deadline_words:
        deadline = f"{brief.deadline} ({brief.deadline_words})"
    facts = [
        (_("owning unit"), brief.unit),
        (_("donor"), brief.donor),
        (_("kind"), brief.kind),
        (_("estimated value"), _or_dash(brief.amount)),
        (_("donor application deadline"), _or_dash(deadline)),
        (_("state"), brief.state_label),
        (_("presented at meeting"), _or_dash(brief.presented_at)),
    ]
    pdf.grid([_("field"), _("value")], [[k, v] for k, v in facts], widths=(35, 85))

    pdf.paragraph(_("The department's recommendation"), size=11, bold=True, gap=0.5)
    pdf.paragraph(_or_dash(brief.recommendation), gap=3)

    pdf.paragraph(_("Needs and commitments it serves"), size=11, bold=True, gap=0.5)
    if brief.need_text:
        pdf.paragraph(_("need it answers") + f": {brief.need_text}")
    if not brief.needs:
        pdf.paragraph(_("No need on the shopping list is linked to this item."), gap=3)
    for need in brief.needs:
        pdf.paragraph(f"{need.title} · {need.status} · {need.priority}", bold=True, gap=1)
        if need.commitments:
            pdf.grid(
                [_("framework"), _("reference"), _("commitment"), _("status")],
                [[c.framework, c.reference, c.text, c.status] for c in need.commitments],
                widths=(25, 15, 60, 20),
            )
        else:
            pdf.paragraph(_("No commitment is linked to this need."), gap=2)

    pdf.paragraph(_("expected results"), size=11, bold=True, gap=0.5)
    pdf.paragraph(_or_dash(brief.expected_results), gap=3)
    pdf.paragraph(_("KPIs and the commitment indicators they serve"), size=11, bold=True)
    if brief.kpis:
        rows = []
        for kpi in brief.kpis:
            served = kpi.serves
            rows.append(
                [
                    f"{kpi.name}" + (f" ({kpi.unit})" if kpi.unit else ""),
                    _or_dash(kpi.baseline),
                    kpi.target,
                    f"{served.commitment}\n{served.name}" if served else "—",
                    (
                        f"{_or_dash(served.target)}"
                        + (f" ({served.target_date})" if served.target_date else "")
                        if served
                        else "—"
                    ),
                    (
                        f"{served.latest} ({served.latest_on})"
                        + (f"\n{_('behind its target path')}" if served.lags else "")
                        if served and served.latest
                        else "—"
                    ),
                ]
            )
        pdf.grid(
            [
                _("KPI"),
                _("baseline"),
                _("target"),
                _("commitment indicator"),
                _("its target"),
                _("latest actual"),
            ],
            rows,
            widths=(30, 12, 12, 34, 16, 18),
        )
    else:
        pdf.paragraph(_("No KPIs yet."), gap=3)

    pdf.paragraph(_("What the coordination meeting recorded"), size=11, bold=True)
    if not brief.meetings:
        pdf.paragraph(_("No coordination meeting has discussed this item."), gap=3)
    for record in brief.meetings:
        pdf.paragraph(f"{record.name}: {record.outcome}", bold=True, gap=0.5)
        if record.notes:
            pdf.paragraph(record.notes, gap=1)
        if record.summary:
            pdf.paragraph(_("general notes") + f": {record.summary}", size=9, gap=2)

    pdf.paragraph(_("attachments"), size=11, bold=True)
    if brief.documents:
        pdf.grid(
            [_("file"), _("description"), _("uploaded at")],
            [[d.name, d.description, d.uploaded_on] for d in brief.documents],
            widths=(45, 55, 20),
        )
    else:
        pdf.paragraph(_("No documents yet."))


def decision_pack_pdf_bytes(
    briefs: list[Brief], *, language: str, meeting: CoordinationMeeting | None = None
) -> bytes:
    """Every brief one after another on A4, after a cover with the date and the count;
    ``briefs`` are built in ``language``. ``meeting`` is the meeting the pack is for."""
    with translation.override(language):
        heading = _("Decisions waiting for top management")
        pdf = Document(title=heading, language=language, page_label=_("Page"))
        pdf.paragraph(heading, size=16, bold=True, gap=3)
        if meeting is not None:
            pdf.paragraph(_("coordination meeting") + f": {meeting_name(meeting)}", size=11, gap=2)
        pdf.paragraph(_("Date") + f": {_date(timezone.localdate())}")
        pdf.paragraph(
            ngettext(
                "%(count)s item waits for a decision.",
                "%(count)s items wait for a decision.",
                len(briefs),
            )
            % {"count": len(briefs)},
            gap=4,
        )
        if briefs:
            pdf.grid(
                ["#", _("Item"), _("owning unit"), _("donor application deadline")],
                [
                    [
                        str(number),
                        f"{brief.reference}\n{brief.title}",
                        brief.unit,
                        " ".join(filter(None, [brief.deadline, brief.deadline_words])) or "—",
                    ]
                    for number, brief in enumerate(briefs, start=1)
                ],
                widths=(6, 54, 30, 30),
            )
        for number, brief in enumerate(briefs, start=1):
            _draw_brief(pdf, brief, number)
        return pdf.bytes()
