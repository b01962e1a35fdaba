"""Read a donor's IATI activities file into plain records the import screen can show.

Files of any 2.0x version are read; what a record keeps is the part of an activity the
register can use: its identifier, names, status, dates, funder and budget per currency.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from core.bounds import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, exact_amount
from core.errors import ActionBlocked
from iati.export import XML_LANG, safe_parser

DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}
FUNDING = "1"


@dataclass
class Activity:
    identifier: str
    title_en: str = ""
    title_ka: str = ""
    description: str = ""
    status: str = ""
    planned_start: str = ""
    actual_start: str = ""
    planned_end: str = ""
    actual_end: str = ""
    reporting_org: str = ""
    reporting_org_ref: str = ""
    funder: str = ""
    funder_ref: str = ""
    # Per currency, never converted; a revised budget replaces the original one.
    budget: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _texts(element: etree._Element | None, file_language: str) -> dict[str, str]:
    if element is None:
        return {}
    texts: dict[str, str] = {}
    for narrative in element.iterfind("narrative"):
        language = narrative.get(XML_LANG) or file_language
        text = " ".join((narrative.text or "").split())
        if text:
            texts.setdefault(language, text)
    return texts


def _first(texts: dict[str, str], *languages: str) -> str:
    for language in languages:
        if texts.get(language):
            return texts[language]
    return next(iter(texts.values()), "")


def _amount(text: str, identifier: str) -> Decimal:
    """An amount within the register's bounds (core.bounds), else the file is refused."""
    amount = exact_amount(text)
    if amount is None:
        raise ActionBlocked(
            _(
                "Activity %(identifier)s: the budget “%(value)s” is not an amount the register"
                " can keep (at most %(digits)d digits before the decimal point)."
            )
            % {
                "identifier": identifier,
                "value": text[:40],
                "digits": AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES,
            }
        )
    return amount


def _budget(activity: etree._Element, default_currency: str, identifier: str) -> dict[str, str]:
    lines = activity.findall("budget")
    if any(line.get("type") == "2" for line in lines):
        lines = [line for line in lines if line.get("type") != "1"]
    totals: dict[str, Decimal] = {}
    for line in lines:
        value = line.find("value")
        text = "" if value is None else (value.text or "").strip()
        if value is None or not text:
            continue
        currency = value.get("currency") or default_currency
        amount = _amount(text, identifier)
        if amount == Decimal(text):  # kept as the file writes it ("450000", not "450000.00")
            amount = Decimal(text)
        if currency:
            totals[currency] = totals.get(currency, Decimal(0)) + amount
            _amount(str(totals[currency]), identifier)
    return {currency: str(total) for currency, total in sorted(totals.items())}


def _activity(element: etree._Element, file_language: str) -> Activity | None:
    identifier = " ".join((element.findtext("iati-identifier") or "").split())
    if not identifier:
        return None
    language = element.get(XML_LANG) or file_language
    titles = _texts(element.find("title"), language)
    record = Activity(
        identifier=identifier,
        title_en=_first(titles, "en"),
        title_ka=titles.get("ka", ""),
        description=_first(_texts(element.find("description"), language), "ka", "en"),
        status=(element.find("activity-status").get("code") or "")
        if element.find("activity-status") is not None
        else "",
    )
    reporting = element.find("reporting-org")
    if reporting is not None:
        record.reporting_org = _first(_texts(reporting, language), "ka", "en")
        record.reporting_org_ref = reporting.get("ref", "")
    funder = element.find(f"participating-org[@role='{FUNDING}']")
    if funder is not None:
        record.funder = _first(_texts(funder, language), "ka", "en")
        record.funder_ref = funder.get("ref", "")
    for date in element.iterfind("activity-date"):
        name = DATE_FIELDS.get(date.get("type", ""))
        if name and date.get("iso-date"):
            setattr(record, name, date.get("iso-date", "")[:10])
    record.budget = _budget(element, element.get("default-currency", ""), identifier)
    return record


def read_activities(data: bytes) -> list[Activity]:
    """The activities of an IATI file, once per identifier (the first one wins)."""
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ActionBlocked(
            _("This is not a readable XML file: %(error)s") % {"error": exc}
        ) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        # Entities are never expanded (see safe_parser); a file that declares them, or any DTD,
        # is refused outright rather than read with holes where they stood.
        raise ActionBlocked(
            _(
                "The file declares a DTD or entities (<!DOCTYPE …>); an IATI file needs neither,"
                " and they are not read. Export the file again without them."
            )
        )
    if root.tag != "iati-activities":
        raise ActionBlocked(_("This is not an IATI activities file (it has no iati-activities)."))
    if not (root.get("version") or "").startswith("2."):
        raise ActionBlocked(_("Only IATI 2.0x activity files can be read."))
    language = root.get(XML_LANG) or "en"
    seen: dict[str, Activity] = {}
    for element in root.iterfind("iati-activity"):
        record = _activity(element, language)
        if record is not None and record.identifier not in seen:
            seen[record.identifier] = record
    if not seen:
        raise ActionBlocked(_("The file lists no activities with an identifier."))
    return list(seen.values())
