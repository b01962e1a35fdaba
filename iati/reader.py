"""Read a donor's IATI activities file into plain records the import screen can show.

The file is streamed: each ``iati-activity`` is read, turned into a record and dropped from the
tree, so a file of tens of megabytes is read in bounded memory. Versions 2.01–2.03 are read
whether the version is stated on the root (a publisher's file) or on each activity (a d-portal
or IATI Datastore download); 1.0x files are refused. A record keeps the part of an activity the
register can use: identifier, titles by language, status, dates, funder, recipient countries,
and money per currency (budget by IATI's rule, commitments and disbursements).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from decimal import Decimal
from operator import itemgetter
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree

from core import budgets
from core.bounds import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS
from core.errors import ActionBlocked
from iati import safe_xml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
READABLE_VERSIONS = ("2.01", "2.02", "2.03")
# Identifiers run to a few dozen characters; a longer one is passed over, never cut short
# (two cut the same way would become one).
IDENTIFIER_MAX_LENGTH = 500
DATE_FIELDS = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end"}
FUNDING = "1"
# IATI TransactionType codes.
COMMITMENT, DISBURSEMENT = "2", "3"


@dataclass
class Activity:
    identifier: str
    # The title as the file gives it: Georgian if there is one, else the file's own language.
    title: str = ""
    # Only ever an English narrative; a Spanish or Dutch title is never taken for English.
    title_en: str = ""
    title_ka: str = ""
    # Every language the title is given in, as the file writes it.
    titles: dict[str, str] = field(default_factory=dict)
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
    countries: list[str] = field(default_factory=list)
    # Money per currency, never converted, as decimal strings.
    budget: dict[str, str] = field(default_factory=dict)
    committed: dict[str, str] = field(default_factory=dict)
    disbursed: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        # Shallow: every value is text, or a list or dict of text (asdict copies deeply, slowly).
        return {name: getattr(self, name) for name in _FIELDS}


_FIELDS = [f.name for f in fields(Activity)]


def _narratives(element: etree._Element | None, language: str) -> dict[str, str]:
    """Language → text of an element's narratives; "" where no language is stated anywhere."""
    if element is None:
        return {}
    texts: dict[str, str] = {}
    for narrative in element.iterfind("narrative"):
        text = " ".join((narrative.text or "").split())
        if text:
            texts.setdefault(narrative.get(XML_LANG) or language, text)
    return texts


def _first(texts: dict[str, str], *languages: str) -> str:
    for language in languages:
        if texts.get(language):
            return texts[language]
    return next(iter(texts.values()), "")


def _refused_amount(text: str, identifier: str) -> ActionBlocked:
    return ActionBlocked(
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


_LARGEST = Decimal(10) ** (AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES)


def _amount(text: str, identifier: str) -> Decimal:
    """A number within the register's bounds (core.bounds), else the file is refused."""
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise _refused_amount(text, identifier) from None
    if number.is_finite() and -_LARGEST < number < _LARGEST:
        return number
    raise _refused_amount(text, identifier)


_CENT = Decimal("0.01")


# A value as the file gives it: its text and its own currency ("" when it names none).
Money = tuple[str, str]


def _money(value: etree._Element | None) -> Money | None:
    return None if value is None else ((value.text or "").strip(), value.get("currency") or "")


def _per_currency(
    values: list[Money | None], default_currency: str, identifier: str
) -> dict[str, str]:
    """Values summed per currency (theirs, else the activity's default). A total is kept as
    the file writes it ("450000", not "450000.00"), rounded to the cent the register keeps
    when a donor's converted figures carry fractions of one."""
    totals: dict[str, Decimal] = {}
    for value in values:
        if value is None:
            continue
        text, currency = value[0], value[1] or default_currency
        if text and currency:
            totals[currency] = totals.get(currency, Decimal(0)) + _amount(text, identifier)
    written = {}
    for currency, total in sorted(totals.items()):
        if not -_LARGEST < total < _LARGEST:
            raise _refused_amount(str(total), identifier)
        exponent = total.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -AMOUNT_DECIMAL_PLACES:
            total = total.quantize(_CENT)
        written[currency] = str(total)
    return written


def _budget_line(line: etree._Element) -> tuple[str, tuple[str, str], Money | None]:
    """(type, (period start, period end), value) of a budget line, its children read once."""
    start = end = ""
    value = None
    for part in line:
        tag = part.tag
        if tag == "period-start":
            start = (part.get("iso-date") or "")[:10]
        elif tag == "period-end":
            end = (part.get("iso-date") or "")[:10]
        elif tag == "value":
            value = part
    return line.get("type") or budgets.ORIGINAL, (start, end), _money(value)


Transaction = tuple[str | None, Money | None]


def _transaction(transaction: etree._Element) -> Transaction:
    """(transaction type code, value) of a transaction, its children read once."""
    code = value = None
    for part in transaction:
        tag = part.tag
        if tag == "transaction-type":
            code = part.get("code")
        elif tag == "value":
            value = part
        if code is not None and value is not None:
            break
    return code, _money(value)


def activity_record(
    element: etree._Element,
    file_language: str = "",
    transactions: list[Transaction] | None = None,
) -> Activity | None:
    """The record of one ``iati-activity`` element, or None when it has no identifier.
    ``transactions``, when given, were read (and dropped) while the activity was parsed.

    The activity's children are visited once, in one loop: a file of ten thousand activities
    is read in seconds, and separate searches for each part took twice as long."""
    language = element.get(XML_LANG) or file_language
    record = Activity(identifier="")
    titles: dict[str, str] = {}
    description: dict[str, str] = {}
    budget_lines: list[tuple[str, tuple[str, str], Money | None]] = []
    read_transactions = transactions is None
    transactions = [] if transactions is None else transactions
    countries: set[str] = set()
    for child in element:
        tag = child.tag
        if tag == "transaction":
            if read_transactions:
                transactions.append(_transaction(child))
        elif tag == "budget":
            budget_lines.append(_budget_line(child))
        elif tag == "iati-identifier":
            record.identifier = " ".join((child.text or "").split())
        elif tag == "title" and not titles:
            titles = _narratives(child, language)
        elif tag == "description" and not description:
            description = _narratives(child, language)
        elif tag == "activity-status" and not record.status:
            record.status = child.get("code") or ""
        elif tag == "recipient-country":
            countries.add((child.get("code") or "").strip().upper())
        elif tag == "activity-date":
            name = DATE_FIELDS.get(child.get("type", ""))
            if name and child.get("iso-date"):
                setattr(record, name, (child.get("iso-date") or "")[:10])
        elif tag == "reporting-org" and not record.reporting_org_ref:
            record.reporting_org = _first(_narratives(child, language), "ka", "en")
            record.reporting_org_ref = child.get("ref", "")
        elif tag == "participating-org" and child.get("role") == FUNDING and not record.funder:
            record.funder = _first(_narratives(child, language), "ka", "en")
            record.funder_ref = child.get("ref", "")
    if not record.identifier:
        return None
    record.title = _first(titles, "ka", language)
    record.title_en = titles.get("en", "")
    record.title_ka = titles.get("ka", "")
    record.titles = titles
    record.description = _first(description, "ka", "en")
    record.countries = sorted(countries - {""})
    currency = element.get("default-currency", "")
    identifier = record.identifier
    counted = budgets.counted(budget_lines, kind=itemgetter(0), period=itemgetter(1))
    record.budget = _per_currency(
        [value for _kind, _period, value in counted], currency, identifier
    )
    record.committed = _per_currency(
        [value for code, value in transactions if code == COMMITMENT], currency, identifier
    )
    record.disbursed = _per_currency(
        [value for code, value in transactions if code == DISBURSEMENT], currency, identifier
    )
    return record


def _unreadable(exc: etree.XMLSyntaxError) -> ActionBlocked:
    # lxml ends its message with "(<stored file name>, line n)": the line is what helps.
    message = (exc.msg or str(exc)).split(" (", 1)[0]
    if exc.lineno:
        message = _("line %(line)d: %(message)s") % {"line": exc.lineno, "message": message}
    return ActionBlocked(_("This is not a readable XML file: %(error)s") % {"error": message})


def _version_refusal(version: str) -> ActionBlocked:
    return ActionBlocked(
        _(
            "The file is IATI version %(version)s. Only versions 2.01, 2.02 and 2.03 are read;"
            " download the activities again as IATI 2.0x (d-portal and the IATI Datastore give"
            " 2.0x files)."
        )
        % {"version": version}
    )


def _root(stream: IO[bytes]) -> etree._Element:
    """The root element, read from the file's first tag only (its children are not read)."""
    try:
        for _event, element in safe_xml.iterparse(stream, ("start",)):
            docinfo = element.getroottree().docinfo
            if docinfo.doctype or docinfo.internalDTD is not None:
                # A file that declares entities, or any DTD, is refused outright rather than
                # read with holes where they stood.
                raise ActionBlocked(
                    _(
                        "The file declares a DTD or entities (<!DOCTYPE …>); an IATI file needs"
                        " neither, and they are not read. Export the file again without them."
                    )
                )
            return element
    except etree.XMLSyntaxError as exc:
        raise _unreadable(exc) from exc
    raise ActionBlocked(_("The file is empty."))


def peek_root(stream: IO[bytes]) -> etree._Element:
    """Refuse now what the first tag already shows: no XML, no IATI activities file, a DTD or
    entities, a file-wide version 1.0x. Reads only the beginning of the file."""
    root = _root(stream)
    if root.tag != "iati-activities":
        raise ActionBlocked(_("This is not an IATI activities file (it has no iati-activities)."))
    version = (root.get("version") or "").strip()
    if version and not version.startswith("2."):
        raise _version_refusal(version)
    return root


class ActivityStream:
    """The activities of an IATI file, once per identifier (the first one wins), read in one
    pass. ``progress`` is called after each activity with the bytes read so far (the caller
    decides how often to say so); ``problems`` lists what was passed over, with the reason."""

    def __init__(
        self,
        stream: IO[bytes],
        *,
        progress: Callable[[int], None] | None = None,
        check: Callable[[etree._Element], None] | None = None,
    ) -> None:
        self.stream = stream
        self.progress = progress
        # Called with each activity read, before it is dropped (the schema check).
        self.check = check
        self.problems: list[str] = []
        self.activities = 0

    def __iter__(self) -> Iterator[Activity]:
        root = peek_root(self.stream)
        file_version = (root.get("version") or "").strip()
        file_language = root.get(XML_LANG) or ""
        self.stream.seek(0)
        seen: set[str] = set()
        passed_over_versions: set[str] = set()
        too_long = repeated = 0
        passed_over_activities = 0
        try:
            pending: list[Transaction] = []
            for _event, element in safe_xml.iterparse(
                self.stream, ("end",), tag=("iati-activity", "transaction")
            ):
                parent = element.getparent()
                if element.tag == "transaction":
                    if parent is not None and parent.tag == "iati-activity":
                        # Read and dropped at once: an activity with a million transactions
                        # is read in the memory of one.
                        pending.append(_transaction(element))
                        element.clear()
                        while (previous := element.getprevious()) is not None and (
                            previous.tag == "transaction"
                        ):
                            parent.remove(previous)
                    continue
                transactions, pending = pending, []
                if parent is None or parent.getparent() is not None:
                    continue  # an activity inside something else is not one of the file's
                version = (element.get("version") or file_version).strip()
                record = None
                if version in READABLE_VERSIONS:
                    record = activity_record(element, file_language, transactions)
                else:
                    passed_over_versions.add(version)
                    passed_over_activities += 1
                if record is not None and len(record.identifier) > IDENTIFIER_MAX_LENGTH:
                    too_long += 1
                elif record is not None and record.identifier in seen:
                    repeated += 1
                elif record is not None:
                    seen.add(record.identifier)
                    self.activities += 1
                    if self.check is not None:
                        # Checked without its transactions: they were read and dropped, and
                        # the last one's empty shell would pass for a fault of the file.
                        for shell in element.findall("transaction"):
                            element.remove(shell)
                        self.check(element)
                    yield record
                    if self.progress is not None:
                        self.progress(self.stream.tell())
                # What was read is dropped, and whatever stood before it at the top level, so
                # memory stays bounded however long the file.
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            raise _unreadable(exc) from exc
        if repeated:
            self.problems.append(
                ngettext(
                    "%(count)d activity repeated an identifier read before; the first was kept.",
                    "%(count)d activities repeated identifiers read before; the first were kept.",
                    repeated,
                )
                % {"count": repeated}
            )
        if too_long:
            self.problems.append(
                ngettext(
                    "%(count)d activity was passed over: its identifier is longer than"
                    " %(most)d characters.",
                    "%(count)d activities were passed over: their identifiers are longer than"
                    " %(most)d characters.",
                    too_long,
                )
                % {"count": too_long, "most": IDENTIFIER_MAX_LENGTH}
            )
        if passed_over_versions:
            stated = ", ".join(sorted(v or "?" for v in passed_over_versions))
            if not seen:
                if not file_version and passed_over_versions == {""}:
                    raise ActionBlocked(_("The file does not say which IATI version it is in."))
                raise _version_refusal(stated)
            self.problems.append(
                ngettext(
                    "%(count)d activity of IATI version %(versions)s was passed over: only"
                    " 2.01–2.03 are read.",
                    "%(count)d activities of IATI version %(versions)s were passed over: only"
                    " 2.01–2.03 are read.",
                    passed_over_activities,
                )
                % {"count": passed_over_activities, "versions": stated}
            )
        if not seen:
            raise ActionBlocked(_("The file lists no activities with an identifier."))


def read_activities(data: bytes) -> list[Activity]:
    """Every activity of a file held in memory (a small file, or our own export)."""
    return list(ActivityStream(io.BytesIO(data)))
