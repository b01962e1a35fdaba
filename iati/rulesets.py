"""The IATI Rulesets (``iati/rules/standard.json``, version-2.03) applied to an XML file.

The XSD says what a file may contain; the rulesets say what the IATI Validator accepts beyond
it (sector percentages add up to 100, a budget period is at most a year, the identifier starts
with the reporting organisation's). Each rule form is evaluated as the official validator
(IATI/js-validator-api, ``services/rulesValidator.js``) does, with lxml's XPath 1.0:

1. every element the context XPath selects is tested against each case of each rule;
2. a case whose ``condition`` is false is not applied;
3. a case with an ``idCondition`` needs the Registry's organisation-identifier lists, which the
   app does not have, so it is not applied;
4. every case that fails is a finding, whatever its severity (error or warning).

Two departures, both stricter: ``if``/``then``/``condition`` are read as XPath booleans (the
JavaScript took an empty node-set as true), and a rule form or ``one_or_all`` variant this
module does not know raises instead of passing.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from iati import safe_xml

STANDARD = Path(__file__).resolve().parent / "rules" / "standard.json"
# The validator's time_limit: a period may end at most 365 days after it starts.
YEAR_DAYS = 365

Case = Mapping[str, Any]
Ruleset = Mapping[str, Mapping[str, Mapping[str, list[Case]]]]


@dataclass(frozen=True)
class Finding:
    rule: str  # the rule's id in the rulesets, e.g. "2.1.2"
    severity: str
    message: str
    where: str  # the tested element's path in the document

    def __str__(self) -> str:
        return f"{self.rule} ({self.severity}) at {self.where}: {self.message}"


@cache
def standard() -> Ruleset:
    ruleset: Ruleset = json.loads(STANDARD.read_text(encoding="utf-8"))
    return ruleset


def findings(
    document: bytes | etree._Element,
    *,
    ruleset: Ruleset | None = None,
    now: datetime.datetime | None = None,
) -> list[Finding]:
    """Every failed rule case in ``document`` (an ``iati-activities`` file or its root)."""
    root = (
        etree.fromstring(document, parser=safe_xml.parser())
        if isinstance(document, bytes)
        else document
    )
    tree = root.getroottree()
    moment = now or datetime.datetime.now(datetime.UTC)
    found = []
    for context, rules in (ruleset or standard()).items():
        for element in tree.xpath(context):
            for name, rule in rules.items():
                for case in rule["cases"]:
                    for info in _failed(name, case, element, moment):
                        found.append(
                            Finding(
                                rule=info.get("id", ""),
                                severity=info.get("severity", ""),
                                message=info.get("message", ""),
                                where=tree.getpath(element),
                            )
                        )
    return found


def _failed(
    name: str, case: Case, element: etree._Element, now: datetime.datetime
) -> Iterator[Mapping[str, Any]]:
    """The ruleInfo of each case (or, in a loop, each substituted case) that fails."""
    if name == "loop":
        for sub_name, sub_rule in case["do"].items():
            for sub_case in sub_rule["cases"]:
                for value in _unique_texts(element.xpath(case["foreach"])):
                    yield from _failed(
                        sub_name, _substitute(sub_case, case["subs"], value), element, now
                    )
        return
    if "idCondition" in case:
        return
    if "condition" in case and not _true(element, case["condition"]):
        return
    test = RULES.get(name)
    if test is None:
        raise ValueError(f"Unknown IATI rule form: {name}")
    if not test(_Case(case, element, now)):
        yield case.get("ruleInfo", {})


def _substitute(case: Case, keys: list[str], value: str) -> Case:
    replaced = dict(case)
    for key in keys:
        if isinstance(case[key], str):
            replaced[key] = case[key].replace("$1", value)
        else:
            replaced[key] = [path.replace("$1", value) for path in case[key]]
    return replaced


def _unique_texts(matches: list[Any]) -> list[str]:
    return list(dict.fromkeys(_text(match) for match in matches))


def _text(match: Any) -> str:
    """An element's text content, or an attribute's or text node's string."""
    if isinstance(match, etree._Element):
        return "".join(match.itertext())
    return str(match)


def _true(element: etree._Element, expression: str) -> bool:
    return bool(element.xpath(f"boolean({expression})"))


def _date(text: str) -> datetime.datetime | None:
    """An ISO date or date-time as the validator's ``new Date`` reads it: a bare date (or a
    time without an offset) in UTC; None when it is no date."""
    try:
        if len(text) == 10:
            day = datetime.date.fromisoformat(text)
            return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


class _Case:
    """One case applied to one element: its path matches and its dates, read on demand."""

    def __init__(self, case: Case, element: etree._Element, now: datetime.datetime) -> None:
        self.case = case
        self.element = element
        self.now = now

    def select(self, expression: str) -> list[Any]:
        result = self.element.xpath(expression)
        if not isinstance(result, list):
            raise ValueError(f"Not a node-set: {expression}")
        return result

    @property
    def matches(self) -> list[Any]:
        return [match for path in self.case["paths"] for match in self.select(path)]

    @property
    def texts(self) -> list[str]:
        return [_text(match) for match in self.matches]

    def date(self, key: str) -> datetime.datetime | None:
        """The first date the case's ``key`` selects (or now, for ``NOW``)."""
        expression = self.case[key]
        if expression == "NOW":
            return self.now
        found = self.select(expression)
        return _date(_text(found[0])) if found else None


def _no_more_than_one(c: _Case) -> bool:
    return len(c.matches) <= 1


def _atleast_one(c: _Case) -> bool:
    return len(c.matches) >= 1


def _only_one_of(c: _Case) -> bool:
    count = len(c.matches)
    return all(count == 0 if c.select(excluded) else count == 1 for excluded in c.case["excluded"])


# What ``one_or_all``'s "all" asks of every element when ``one`` is missing.
_ALL: dict[str, tuple[str, str]] = {
    "lang": ("descendant::narrative", "@xml:lang"),
    "sector": ("transaction", "sector"),
    "recipient-country|recipient-region": ("transaction", "recipient-country|recipient-region"),
    "currency": ("descendant::value|descendant::forecast|descendant::loan-status", "@currency"),
}


def _one_or_all(c: _Case) -> bool:
    if c.select(c.case["one"]):
        return True
    if c.case["all"] not in _ALL:
        raise ValueError(f"Unknown one_or_all requirement: {c.case['all']}")
    each, needs = _ALL[c.case["all"]]
    return all(item.xpath(needs) for item in c.select(each))


def _dependent(c: _Case) -> bool:
    found = [bool(c.select(path)) for path in c.case["paths"]]
    return all(found) or not any(found)


def _sum(c: _Case) -> bool:
    return not c.matches or _strict_sum(c)


def _strict_sum(c: _Case) -> bool:
    try:
        total = sum((Decimal(text) for text in c.texts), Decimal(0))
    except InvalidOperation:
        return False
    return total.is_finite() and round(total, 4) == Decimal(str(c.case["sum"]))


def _date_order(c: _Case) -> bool:
    less, more = c.date("less"), c.date("more")
    return less is None or more is None or less <= more


def _date_now(c: _Case) -> bool:
    date = c.date("date")
    return date is None or date <= c.now


def _time_limit(c: _Case) -> bool:
    start, end = c.date("start"), c.date("end")
    if start is None or end is None:
        return True
    # date-fns' differenceInDays: whole days, the fraction dropped.
    return math.trunc((end - start).total_seconds() / 86400) <= YEAR_DAYS


def _between_dates(c: _Case) -> bool:
    date, start, end = c.date("date"), c.date("start"), c.date("end")
    if date is None or start is None or end is None:
        return True
    return start <= date <= end


def _regex_matches(c: _Case) -> bool:
    pattern = re.compile(c.case["regex"])
    return all(text == "" or pattern.search(text) for text in c.texts)


def _regex_no_matches(c: _Case) -> bool:
    pattern = re.compile(c.case["regex"])
    return all(text == "" or not pattern.search(text) for text in c.texts)


def _startswith(c: _Case) -> bool:
    separator = c.case.get("separator", "")
    starts = [_text(m) + separator for path in c.case["prefix"] for m in c.select(path)]
    return all(any(text.startswith(start) for start in starts) for text in c.texts)


def _unique(c: _Case) -> bool:
    texts = c.texts
    return len(texts) == len(set(texts))


def _range(c: _Case) -> bool:
    def within(text: str) -> bool:
        try:
            value = float(text)
        except ValueError:
            return False
        low = float(c.case.get("min", value))
        high = float(c.case.get("max", value))
        return low <= value <= high

    return all(within(text) for text in c.texts)


def _no_spaces(c: _Case) -> bool:
    return all(text == text.strip() for text in c.texts)


def _if_then(c: _Case) -> bool:
    return not _true(c.element, c.case["if"]) or _true(c.element, c.case["then"])


RULES: dict[str, Callable[[_Case], bool]] = {
    "no_more_than_one": _no_more_than_one,
    "atleast_one": _atleast_one,
    "only_one_of": _only_one_of,
    "one_or_all": _one_or_all,
    "dependent": _dependent,
    "sum": _sum,
    "strict_sum": _strict_sum,
    "date_order": _date_order,
    "date_now": _date_now,
    "time_limit": _time_limit,
    "between_dates": _between_dates,
    "regex_matches": _regex_matches,
    "regex_no_matches": _regex_no_matches,
    "startswith": _startswith,
    "unique": _unique,
    "range": _range,
    "no_spaces": _no_spaces,
    "if_then": _if_then,
}
