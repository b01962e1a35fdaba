"""IATI codelists shipped with the app (copied unmodified from the IATI Standard, CC BY 4.0).

Only active items are offered for new data. The codelists carry no Georgian names, so the labels
the app shows (organisation types, statuses, currencies, DAC purpose codes) are translated through
gettext; currencies and purpose codes are shown with their code before the name.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.codelists.names import CURRENCY_NAMES, SECTOR_NAMES

_FOLDER = Path(__file__).resolve().parent


@cache
def _active_items(name: str) -> tuple[tuple[str, str], ...]:
    root = ET.parse(_FOLDER / f"{name}.xml").getroot()
    items = []
    for item in root.iter("codelist-item"):
        if item.get("status", "active") != "active":
            continue
        code = (item.findtext("code") or "").strip()
        narrative = item.find("name/narrative")
        label = (narrative.text or code).strip() if narrative is not None else code
        items.append((code, label))
    return tuple(items)


class OrganisationType:
    """IATI's OrganisationType codes the app writes by name (the directories store the code)."""

    GOVERNMENT = "10"


# The codelist's English names, marked for translation so Georgian users read their own.
ORGANISATION_TYPE_LABELS = {
    OrganisationType.GOVERNMENT: _("Government"),
    "11": _("Local Government"),
    "15": _("Other Public Sector"),
    "21": _("International NGO"),
    "22": _("National NGO"),
    "23": _("Regional NGO"),
    "24": _("Partner Country based NGO"),
    "30": _("Public Private Partnership"),
    "40": _("Multilateral"),
    "60": _("Foundation"),
    "70": _("Private Sector"),
    "71": _("Private Sector in Provider Country"),
    "72": _("Private Sector in Aid Recipient Country"),
    "73": _("Private Sector in Third Country"),
    "80": _("Academic, Training and Research"),
    "90": _("Other"),
}


def _translated_choices(name: str, labels: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The codelist's active codes, each shown in the person's language where ``labels`` has
    it and by the codelist's own name where not."""
    return [(code, labels.get(code, label)) for code, label in _active_items(name)]


def organisation_type_choices() -> list[tuple[str, Any]]:
    return _translated_choices("OrganisationType", ORGANISATION_TYPE_LABELS)


def _coded_choices(name: str, names: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The codelist's active codes, each labelled "code — name" with the name in the person's
    language (translated when the label is shown, so a list built once still follows it)."""
    return [
        (code, format_lazy("{} — {}", code, names.get(code, label)))
        for code, label in _active_items(name)
    ]


def currency_choices() -> list[tuple[str, Any]]:
    return _coded_choices("Currency", CURRENCY_NAMES)


CURRENCY_CHOICES = currency_choices()


class ActivityStatus:
    """IATI's ActivityStatus codes, by name (the register stores the code)."""

    PIPELINE = "1"
    IMPLEMENTATION = "2"
    FINALISATION = "3"
    CLOSED = "4"
    CANCELLED = "5"
    SUSPENDED = "6"


ACTIVITY_STATUS_LABELS = {
    ActivityStatus.PIPELINE: _("Pipeline/identification"),
    ActivityStatus.IMPLEMENTATION: _("Implementation"),
    ActivityStatus.FINALISATION: _("Finalisation"),
    ActivityStatus.CLOSED: _("Closed"),
    ActivityStatus.CANCELLED: _("Cancelled"),
    ActivityStatus.SUSPENDED: _("Suspended"),
}


def activity_status_choices() -> list[tuple[str, Any]]:
    return _translated_choices("ActivityStatus", ACTIVITY_STATUS_LABELS)


def sector_choices() -> list[tuple[str, Any]]:
    """DAC 5-digit purpose codes, each with its name in the person's language."""
    return _coded_choices("Sector", SECTOR_NAMES)


class BudgetType:
    """IATI's BudgetType codes: a budget line as first agreed, or as revised."""

    ORIGINAL = "1"
    REVISED = "2"


BUDGET_TYPE_LABELS = {BudgetType.ORIGINAL: _("Original"), BudgetType.REVISED: _("Revised")}


def budget_type_choices() -> list[tuple[str, Any]]:
    return _translated_choices("BudgetType", BUDGET_TYPE_LABELS)


class IndicatorMeasure:
    """IATI's IndicatorMeasure codes: how a result indicator is measured."""

    UNIT = "1"
    PERCENTAGE = "2"
    NOMINAL = "3"
    ORDINAL = "4"
    QUALITATIVE = "5"


INDICATOR_MEASURE_LABELS = {
    IndicatorMeasure.UNIT: _("Unit"),
    IndicatorMeasure.PERCENTAGE: _("Percentage"),
    IndicatorMeasure.NOMINAL: _("Nominal"),
    IndicatorMeasure.ORDINAL: _("Ordinal"),
    IndicatorMeasure.QUALITATIVE: _("Qualitative"),
}


def indicator_measure_choices() -> list[tuple[str, Any]]:
    return _translated_choices("IndicatorMeasure", INDICATOR_MEASURE_LABELS)


class ActivityDateType:
    """IATI's ActivityDateType codes: the four dates of an activity."""

    PLANNED_START = "1"
    ACTUAL_START = "2"
    PLANNED_END = "3"
    ACTUAL_END = "4"


class OrganisationRole:
    """IATI's OrganisationRole codes: how an organisation takes part in an activity."""

    FUNDING = "1"
    ACCOUNTABLE = "2"
    EXTENDING = "3"
    IMPLEMENTING = "4"


# Codes of IATI codelists not shipped in this folder (the app writes only these items).


class DescriptionType:
    """IATI's DescriptionType: a general description of the activity."""

    GENERAL = "1"


class ResultType:
    """IATI's ResultType: a result that is an output of the activity."""

    OUTPUT = "1"


class IndicatorVocabulary:
    """IATI's IndicatorVocabulary: the reporting organisation's own indicator codes."""

    REPORTING_ORGANISATION = "99"


class BudgetStatus:
    """IATI's BudgetStatus: a budget the donor has committed to."""

    COMMITTED = "2"


class SectorVocabulary:
    """IATI's SectorVocabulary: the OECD DAC CRS purpose codes (5 digit)."""

    DAC_5_DIGIT = "1"


class OtherIdentifierType:
    """IATI's OtherIdentifierType: another party's identifier of the same activity."""

    OTHER_ACTIVITY_IDENTIFIER = "A9"


def active_codes(name: str) -> frozenset[str]:
    """The active codes of the IATI codelist ``name`` (for example ``"ActivityDateType"``)."""
    return frozenset(code for code, _label in _active_items(name))
