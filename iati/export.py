"""The public projects as an IATI 2.03 ``iati-activities`` file.

Only projects marked public are written, and of each only the fields chosen for publication.
Every code comes from the IATI codelists shipped in ``core/codelists``; the file is checked
against the official 2.03 schema in ``iati/schemas`` (see ``validation_errors``) and keeps the
IATI Rulesets (``iati/rulesets.py``): a public project that would break a rule is not written
but listed with the reason (``unpublishable``), so the ministry sees what to correct.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from core.codelists import (
    ActivityDateType,
    BudgetStatus,
    DescriptionType,
    IndicatorMeasure,
    IndicatorVocabulary,
    OrganisationRole,
    OrganisationType,
    OtherIdentifierType,
    ResultType,
    SectorVocabulary,
)
from iati import rulesets, safe_xml
from projects import iati_rules, selectors
from projects.models import BudgetLine, Project, ResultIndicator
from publication.stamps import public_stamps_refresh

SCHEMAS = Path(__file__).resolve().parent / "schemas"
VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# A project's dates, each with its ActivityDateType.
DATE_TYPES = (
    ("planned_start", ActivityDateType.PLANNED_START),
    ("actual_start", ActivityDateType.ACTUAL_START),
    ("planned_end", ActivityDateType.PLANNED_END),
    ("actual_end", ActivityDateType.ACTUAL_END),
)
START_TYPES = (ActivityDateType.PLANNED_START, ActivityDateType.ACTUAL_START)
ACTUAL_DATES = ("actual_start", "actual_end")
# The register's roles that are IATI roles; a beneficiary/partner unit has no IATI role.
IATI_ROLES = (
    OrganisationRole.FUNDING,
    OrganisationRole.ACCOUNTABLE,
    OrganisationRole.EXTENDING,
    OrganisationRole.IMPLEMENTING,
)
# Georgian script: Asomtavruli and Nuskhuri, Mkhedruli, Mtavruli.
GEORGIAN = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]")


@dataclass
class Export:
    xml: bytes
    written: list[Project] = field(default_factory=list)
    # Public projects that could not be written, with the reason (see ``unpublishable``).
    skipped: list[tuple[Project, str]] = field(default_factory=list)


def published_projects() -> QuerySet[Project]:
    # The register's own reads, and the commitment each result indicator serves.
    return (
        selectors.project_register()
        .prefetch_related("results__indicators__serves__commitment__framework")
        .filter(is_public=True)
        .order_by("pk")
    )


def identifier(project: Project) -> str:
    """The ministry's identifier of the project: its organisation identifier, a hyphen and the
    project's number. An activity the ministry reports must carry an identifier that starts so
    (rule 1.1.21); a donor's identifier of the same activity goes beside it (``_donor_identifier``)."""
    return f"{settings.IATI_REPORTING_ORG['ref']}-{project.pk}"


def language_of(text: str) -> str:
    """The language of a text entered without one (an organisation's name): Georgian when it
    is written in Georgian script, else English."""
    return "ka" if GEORGIAN.search(text) else "en"


def _narratives(parent: etree._Element, texts: dict[str, str]) -> None:
    """One narrative per language, each marked with its language: most of the file is Georgian
    while its default language is English, so a narrative is never left to the default."""
    for language, text in texts.items():
        if not text:
            continue
        narrative = etree.SubElement(parent, "narrative")
        narrative.text = text
        narrative.set(XML_LANG, language)


def _element(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})


def _iso(value: datetime.date) -> str:
    return value.isoformat()


def _amount(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def _reporting_org(parent: etree._Element, tag: str, **attributes: str) -> None:
    org = settings.IATI_REPORTING_ORG
    element = _element(parent, tag, ref=org["ref"], type=org["type"], **attributes)
    _narratives(element, {"en": org["name_en"], "ka": org["name_ka"]})


def _participants(activity: etree._Element, project: Project) -> None:
    written = 0
    if project.shows("participants"):
        for part in project.participants.all():
            if part.role not in IATI_ROLES:
                continue
            attributes = {"role": part.role}
            if part.donor is not None:
                attributes["type"] = part.donor.organisation_type
                if part.donor.iati_identifier.strip():
                    attributes["ref"] = part.donor.iati_identifier.strip()
                names = {"en": part.donor.name_en, "ka": part.donor.name_ka}
            elif part.unit is not None:
                attributes["type"] = OrganisationType.GOVERNMENT
                names = {"en": part.unit.name_en, "ka": part.unit.name_ka}
            else:
                names = {language_of(part.name): part.name}
            _narratives(_element(activity, "participating-org", **attributes), names)
            written += 1
    if not written:
        # IATI needs one participating organisation: the ministry answers for the activity.
        _reporting_org(activity, "participating-org", role=OrganisationRole.ACCOUNTABLE)


def _donor_identifier(activity: etree._Element, project: Project) -> None:
    """The donor's identifier of the activity, as an other identifier. Its owner is the
    participating donor whose organisation identifier it starts with, named only when the
    participants are public."""
    if not project.iati_identifier:
        return
    other = _element(
        activity,
        "other-identifier",
        ref=project.iati_identifier,
        type=OtherIdentifierType.OTHER_ACTIVITY_IDENTIFIER,
    )
    if not project.shows("participants"):
        return
    for part in project.participants.all():
        ref = part.donor.iati_identifier.strip() if part.donor else ""
        if part.donor and ref and project.iati_identifier.startswith(f"{ref}-"):
            owner = _element(other, "owner-org", ref=ref)
            _narratives(owner, {"en": part.donor.name_en, "ka": part.donor.name_ka})
            return


def _dates(project: Project) -> list[tuple[str, datetime.date]]:
    if not project.shows("dates"):
        return []
    return [
        (code, getattr(project, name))
        for name, code in DATE_TYPES
        if getattr(project, name) is not None
    ]


def _budget_period(
    line: BudgetLine, project: Project
) -> tuple[datetime.date, datetime.date] | None:
    """The line's period, the project's dates standing in for those it lacks; None when IATI
    cannot take it (no period, or longer than a year)."""
    start = line.period_start or project.actual_start or project.planned_start
    end = line.period_end or project.actual_end or project.planned_end
    if start is None or end is None or iati_rules.budget_period_problem(start, end):
        return None
    return start, end


def _budgets(activity: etree._Element, project: Project) -> None:
    if not project.shows("budget"):
        return
    for line in selectors.counted_lines(project):
        period = _budget_period(line, project)
        if period is None:
            continue  # such a project is not published (see ``_problems``)
        start, end = period
        budget = _element(activity, "budget", type=line.kind, status=BudgetStatus.COMMITTED)
        _element(budget, "period-start", iso_date=_iso(start))
        _element(budget, "period-end", iso_date=_iso(end))
        value = _element(budget, "value", currency=line.currency, value_date=_iso(start))
        value.text = _amount(line.amount)


def commitment_code(indicator: ResultIndicator) -> str:
    """The commitment a project's indicator serves, as the ministry's own indicator code: the
    framework's code and the commitment's reference (``eu-aa 14.2``)."""
    assert indicator.serves is not None
    commitment = indicator.serves.commitment
    return f"{commitment.framework.code} {commitment.reference}"


def _results(activity: etree._Element, project: Project) -> None:
    """Each result with its indicators: baseline, the actuals of accepted progress reports,
    and the target over the project's period. An indicator that serves a commitment of the
    state names it in a reference of the ministry's own vocabulary; the result itself carries
    none (rule 8.11.1: a reference at result or at indicator level, not both)."""
    if not project.shows("results"):
        return
    start = project.actual_start or project.planned_start
    end = project.actual_end or project.planned_end
    for result in project.results.all():
        indicators = list(result.indicators.all())
        if not indicators:
            continue
        element = _element(activity, "result", type=ResultType.OUTPUT)
        _narratives(_element(element, "title"), {"ka": result.title})
        if result.description.strip():
            _narratives(_element(element, "description"), {"ka": result.description})
        for indicator in indicators:
            item = _element(element, "indicator", measure=indicator.measure)
            _narratives(_element(item, "title"), {"ka": indicator.title})
            if indicator.serves is not None:
                _element(
                    item,
                    "reference",
                    vocabulary=IndicatorVocabulary.REPORTING_ORGANISATION,
                    code=commitment_code(indicator),
                )
            if indicator.measure == IndicatorMeasure.QUALITATIVE:
                # IATI takes no numbers for a qualitative indicator (rules 8.8.3, 8.9.3,
                # 8.10.3); any stored before the register refused them stay in the register.
                continue
            if indicator.baseline is not None and start is not None:
                _element(
                    item,
                    "baseline",
                    year=str(start.year),
                    iso_date=_iso(start),
                    value=_amount(indicator.baseline),
                )
            actuals = list(indicator.actuals.all())
            for actual in actuals:
                period = _element(item, "period")
                _element(period, "period-start", iso_date=_iso(actual.period_start))
                _element(period, "period-end", iso_date=_iso(actual.period_end))
                _element(period, "actual", value=_amount(actual.value))
            if indicator.target is not None and start is not None and end is not None:
                period = _element(item, "period")
                _element(period, "period-start", iso_date=_iso(start))
                _element(period, "period-end", iso_date=_iso(end))
                _element(period, "target", value=_amount(indicator.target))


def _activity(root: etree._Element, project: Project) -> etree._Element:
    """The project as IATI publishes it, every attribute and element from its public fields.
    Its last-updated time is left empty for ``build`` to fill from the public content."""
    attributes = {"last-updated-datetime": ""}
    if project.shows("budget"):
        currencies = {line.currency for line in selectors.counted_lines(project)}
        if len(currencies) == 1:
            attributes["default-currency"] = currencies.pop()
    activity = etree.SubElement(root, "iati-activity", attributes)
    activity.set(XML_LANG, "en")
    etree.SubElement(activity, "iati-identifier").text = identifier(project)
    _reporting_org(activity, "reporting-org")
    titles = {"en": project.title_en if project.shows("title_en") else "", "ka": project.title_ka}
    _narratives(_element(activity, "title"), titles)
    # The schema asks for a description: the goal when it is public, else the title again.
    described = project.goal if project.shows("goal") and project.goal else project.title_ka
    _narratives(_element(activity, "description", type=DescriptionType.GENERAL), {"ka": described})
    _participants(activity, project)
    _donor_identifier(activity, project)
    # IATI needs a status for every activity, so it is published whatever was chosen.
    _element(activity, "activity-status", code=project.status)
    for code, value in _dates(project):
        _element(activity, "activity-date", type=code, iso_date=_iso(value))
    _element(activity, "recipient-country", code="GE", percentage="100")
    if project.shows("target_areas"):
        for area in project.target_areas.all():
            location = _element(activity, "location")
            _narratives(_element(location, "name"), {"en": area.name_en, "ka": area.name_ka})
    if project.shows("sectors"):
        for sector in project.sectors.all():
            attributes = {"vocabulary": SectorVocabulary.DAC_5_DIGIT, "code": sector.code}
            if sector.percentage is not None:
                attributes["percentage"] = _amount(sector.percentage)
            _element(activity, "sector", **attributes)
    _budgets(activity, project)
    _results(activity, project)
    return activity


def _problems(project: Project) -> list[str]:
    """What keeps a public project from being an activity IATI takes, as the ministry would
    put it right: each answers a rule of the IATI Rulesets."""
    problems = []
    dates = _dates(project)
    if not any(code in START_TYPES for code, _value in dates):
        problems.append(_("it has no public start date"))  # rule 6.11.1
    today = timezone.localdate()
    if project.shows("dates") and any(
        (getattr(project, name) or today) > today for name in ACTUAL_DATES
    ):
        problems.append(_("its actual start or end date is later than today"))  # 11.1.4-5
    sectors = list(project.sectors.all()) if project.shows("sectors") else []
    if not sectors:
        problems.append(_("it has no public sector"))  # rule 6.2.2
    elif iati_rules.sector_shares_problem([s.percentage for s in sectors]):
        problems.append(_("its sectors' shares do not add up to 100%"))  # 2.1.1-4, 12.3.1
    if project.shows("budget") and any(
        _budget_period(line, project) is None for line in selectors.counted_lines(project)
    ):
        problems.append(_("a budget line has no period of at most a year"))  # rule 7.5.3
    return problems


def _assessed(project: Project) -> tuple[etree._Element | None, str]:
    """The project's activity, or None and why IATI would refuse it. An activity written
    without a known problem is still checked against the rulesets, so a case the rules above
    do not foresee keeps the project out of the file rather than putting a refused activity
    in it."""
    problems = _problems(project)
    if problems:
        return None, "; ".join(problems)
    alone = etree.Element("iati-activities", {"version": VERSION})
    activity = _activity(alone, project)
    broken = sorted({finding.rule for finding in rulesets.findings(alone)})
    if broken:
        return None, _("it breaks the IATI rules %(rules)s") % {"rules": ", ".join(broken)}
    return activity, ""


def unpublishable(projects: Iterable[Project]) -> list[tuple[Project, str]]:
    """Public projects IATI cannot take, each with the reason."""
    listed = []
    for project in projects:
        _activity_or_none, reason = _assessed(project)
        if reason:
            listed.append((project, reason))
    return listed


def build(projects: Iterable[Project]) -> Export:
    now = timezone.now().isoformat(timespec="seconds")
    root = etree.Element("iati-activities", {"version": VERSION, "generated-datetime": now})
    export = Export(xml=b"")
    activities = {}
    for project in projects:
        activity, reason = _assessed(project)
        if activity is None:
            export.skipped.append((project, reason))
            continue
        root.append(activity)
        activities[project.pk] = activity
        export.written.append(project)
    # Not the project's updated_at: that also moves when a field kept back is edited.
    since = public_stamps_refresh(
        output="iati", contents={pk: etree.tostring(a) for pk, a in activities.items()}
    )
    for pk, activity in activities.items():
        activity.set("last-updated-datetime", since[pk].isoformat(timespec="seconds"))
    export.xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return export


def published() -> Export:
    return build(published_projects())


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "iati-activities-schema.xsd")))


def validation_errors(xml: bytes) -> list[str]:
    """What the official IATI 2.03 schema finds wrong with ``xml`` (nothing when valid)."""
    checker = schema()
    if checker.validate(etree.fromstring(xml, parser=safe_xml.parser())):
        return []
    return [f"{e.line}: {e.message}" for e in checker.error_log]
