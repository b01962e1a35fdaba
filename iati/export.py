"""The public projects as an IATI 2.03 ``iati-activities`` file.

Only projects marked public are written, and of each only the fields chosen for publication.
Every code comes from the IATI codelists shipped in ``core/codelists``; the file is checked
against the official 2.03 schema in ``iati/schemas`` (see ``validation_errors``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from projects import selectors
from projects.models import Project
from publication.stamps import public_stamps_refresh

SCHEMAS = Path(__file__).resolve().parent / "schemas"
VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# ActivityDateType: planned start, actual start, planned end, actual end.
DATE_TYPES = (
    ("planned_start", "1"),
    ("actual_start", "2"),
    ("planned_end", "3"),
    ("actual_end", "4"),
)
GOVERNMENT = "10"  # OrganisationType
ACCOUNTABLE = "2"  # OrganisationRole
GENERAL = "1"  # DescriptionType
OUTPUT = "1"  # ResultType
# The register's roles that are IATI roles; a beneficiary/partner unit has no IATI role.
IATI_ROLES = ("1", "2", "3", "4")


@dataclass
class Export:
    xml: bytes
    written: list[Project] = field(default_factory=list)
    # Public projects that could not be written, with the reason (IATI needs a date).
    skipped: list[tuple[Project, str]] = field(default_factory=list)


def published_projects() -> QuerySet[Project]:
    return selectors.project_register().filter(is_public=True).order_by("pk")


def identifier(project: Project) -> str:
    """The donor's activity identifier when the project has one, else the ministry's own."""
    return project.iati_identifier or f"{settings.IATI_REPORTING_ORG['ref']}-{project.pk}"


def _narratives(parent: etree._Element, texts: dict[str, str]) -> None:
    """One narrative per language; Georgian is marked, English is the file's default language."""
    for language, text in texts.items():
        if not text:
            continue
        narrative = etree.SubElement(parent, "narrative")
        narrative.text = text
        if language != "en":
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
                if part.donor.iati_identifier:
                    attributes["ref"] = part.donor.iati_identifier
                names = {"en": part.donor.name_en, "ka": part.donor.name_ka}
            elif part.unit is not None:
                attributes["type"] = GOVERNMENT
                names = {"en": part.unit.name_en, "ka": part.unit.name_ka}
            else:
                names = {"en": part.name}
            _narratives(_element(activity, "participating-org", **attributes), names)
            written += 1
    if not written:
        # IATI needs one participating organisation: the ministry answers for the activity.
        _reporting_org(activity, "participating-org", role=ACCOUNTABLE)


def _dates(project: Project) -> list[tuple[str, datetime.date]]:
    if not project.shows("dates"):
        return []
    return [
        (code, getattr(project, name))
        for name, code in DATE_TYPES
        if getattr(project, name) is not None
    ]


def _budgets(activity: etree._Element, project: Project) -> None:
    if not project.shows("budget"):
        return
    for line in selectors.counted_lines(project):
        start = line.period_start or project.actual_start or project.planned_start
        end = line.period_end or project.actual_end or project.planned_end
        if start is None or end is None:
            continue  # IATI budgets need a period
        budget = _element(activity, "budget", type=line.kind, status="2")
        _element(budget, "period-start", iso_date=_iso(start))
        _element(budget, "period-end", iso_date=_iso(end))
        value = _element(budget, "value", currency=line.currency, value_date=_iso(start))
        value.text = _amount(line.amount)


def _results(activity: etree._Element, project: Project) -> None:
    if not project.shows("results"):
        return
    start = project.actual_start or project.planned_start
    end = project.actual_end or project.planned_end
    for result in project.results.all():
        indicators = list(result.indicators.all())
        if not indicators:
            continue
        element = _element(activity, "result", type=OUTPUT)
        _narratives(_element(element, "title"), {"ka": result.title})
        for indicator in indicators:
            item = _element(element, "indicator", measure=indicator.measure)
            _narratives(_element(item, "title"), {"ka": indicator.title})
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
    _narratives(_element(activity, "description", type=GENERAL), {"ka": described})
    _participants(activity, project)
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
            attributes = {"vocabulary": "1", "code": sector.code}
            if sector.percentage is not None:
                attributes["percentage"] = _amount(sector.percentage)
            _element(activity, "sector", **attributes)
    _budgets(activity, project)
    _results(activity, project)
    return activity


def unpublishable(projects: Iterable[Project]) -> list[tuple[Project, str]]:
    """Public projects IATI cannot take, with the reason: an activity needs a date."""
    return [(p, _("it has no public date")) for p in projects if not _dates(p)]


def build(projects: Iterable[Project]) -> Export:
    now = timezone.now().isoformat(timespec="seconds")
    root = etree.Element("iati-activities", {"version": VERSION, "generated-datetime": now})
    export = Export(xml=b"")
    projects = list(projects)
    export.skipped = unpublishable(projects)
    left_out = {p.pk for p, _reason in export.skipped}
    activities = {}
    for project in projects:
        if project.pk in left_out:
            continue
        activities[project.pk] = _activity(root, project)
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
    if checker.validate(etree.fromstring(xml, parser=safe_parser())):
        return []
    return [f"{e.line}: {e.message}" for e in checker.error_log]


def safe_parser() -> etree.XMLParser:
    """An XML parser that reads no entities, no DTDs and nothing from the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )
