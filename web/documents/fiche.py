"""A project's fiche: one printable PDF with what the register knows of the project, in
Georgian or English. ``project`` is read by ``projects.selectors.project_register``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _

from core.models import bilingual_name
from projects import selectors
from projects.models import Project
from web.documents.pdf import Document


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "d.m.Y") if value else "—"


def _amount(value: Decimal, currency: str) -> str:
    return f"{formats.number_format(value, 2, force_grouping=True)} {currency}"


def fiche_pdf_bytes(project: Project, language: str) -> bytes:
    with translation.override(language):
        english = language == "en"
        title = bilingual_name(project.title_ka, project.title_en)
        pdf = Document(title=title, language=language, page_label=_("Page"))
        pdf.paragraph(_("Project fiche"), size=15, bold=True)
        pdf.paragraph(title, size=12, bold=True, gap=1)
        other = project.title_ka if english else project.title_en
        if other and other != title:
            pdf.paragraph(other, size=10, gap=3)
        facts = [
            (_("status"), project.get_status_display()),
            (_("IATI identifier"), project.iati_identifier or "—"),
            (_("planned start"), _date(project.planned_start)),
            (_("planned end"), _date(project.planned_end)),
            (_("actual start"), _date(project.actual_start)),
            (_("actual end"), _date(project.actual_end)),
            *[(str(p.get_role_display()), str(p)) for p in project.participants.all()],
            (_("target areas"), ", ".join(str(a) for a in project.target_areas.all()) or "—"),
            (
                _("sectors"),
                "; ".join(str(s.get_code_display()) for s in project.sectors.all()) or "—",
            ),
            (_("next progress report due"), _date(project.next_report_due)),
        ]
        pdf.grid([_("field"), _("value")], [[k, v] for k, v in facts], widths=(35, 85))
        for label, text in (
            (_("goal"), project.goal),
            (_("components"), project.components),
            (_("expected results"), project.expected_results),
        ):
            if text:
                pdf.paragraph(label, size=11, bold=True, gap=0.5)
                pdf.paragraph(text, gap=3)
        pdf.paragraph(_("budget"), size=11, bold=True)
        lines = selectors.counted_lines(project)
        if lines:
            pdf.grid(
                [_("type"), _("amount"), _("period start"), _("period end")],
                [
                    [
                        str(b.get_kind_display()),
                        _amount(b.amount, b.currency),
                        _date(b.period_start),
                        _date(b.period_end),
                    ]
                    for b in lines
                ],
                widths=(25, 35, 25, 25),
            )
            totals = selectors.budget_totals(project)
            pdf.paragraph(
                _("Total") + ": " + "; ".join(_amount(t, c) for c, t in totals.items()), gap=3
            )
        else:
            pdf.paragraph(_("Nothing here."), gap=3)
        rows = [
            [
                result.title,
                indicator.title,
                str(indicator.baseline if indicator.baseline is not None else "—"),
                str(indicator.target if indicator.target is not None else "—"),
                "; ".join(f"{a.value} ({_date(a.period_end)})" for a in indicator.actuals.all())
                or "—",
            ]
            for result in project.results.all()
            for indicator in result.indicators.all()
        ]
        if rows:
            pdf.paragraph(_("results"), size=11, bold=True)
            pdf.grid(
                [_("result"), _("indicator"), _("baseline"), _("target"), _("actual")],
                rows,
                widths=(30, 35, 15, 15, 25),
            )
        obligations = list(project.obligations.select_related("responsible_unit"))
        if obligations:
            pdf.paragraph(_("obligations"), size=11, bold=True)
            pdf.grid(
                [_("type"), _("responsible unit"), _("due date"), _("status")],
                [
                    [
                        str(o.get_kind_display()),
                        o.responsible_unit.name,
                        _date(o.due_date),
                        str(o.get_state_display()),
                    ]
                    for o in obligations
                ],
                widths=(35, 40, 20, 25),
            )
        return pdf.bytes()
