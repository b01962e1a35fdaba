"""The rulesets evaluator: each rule form fires on a small document that breaks it and keeps
quiet on one that keeps it, so a test that finds nothing means something."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest

from iati import rulesets

NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)

GOOD_ACTIVITY = """
<iati-activity xml:lang="en" default-currency="EUR" last-updated-datetime="2026-05-01T10:00:00">
  <iati-identifier>GE-MIA-7</iati-identifier>
  <reporting-org ref="GE-MIA" type="10"><narrative>Ministry</narrative></reporting-org>
  <title><narrative>Border management</narrative></title>
  <description><narrative xml:lang="ka">აღწერა</narrative></description>
  <participating-org role="2" ref="GE-MIA"/>
  <activity-date type="1" iso-date="2026-01-01"/>
  <activity-date type="3" iso-date="2027-12-31"/>
  <recipient-country code="GE" percentage="100"/>
  <sector vocabulary="1" code="15210" percentage="60"/>
  <sector vocabulary="1" code="15110" percentage="40"/>
  <budget type="1" status="2">
    <period-start iso-date="2026-01-01"/><period-end iso-date="2026-12-31"/>
    <value currency="EUR" value-date="2026-01-01">100</value>
  </budget>
  <result type="1"><title><narrative>Trained</narrative></title>
    <indicator measure="1"><title><narrative>Officers</narrative></title>
      <baseline year="2026" iso-date="2026-01-01" value="0"/>
      <period><period-start iso-date="2026-01-01"/><period-end iso-date="2026-06-30"/>
        <actual value="45"/></period>
    </indicator>
    <indicator measure="5"><title><narrative>Quality</narrative></title>
      <period><period-start iso-date="2026-01-01"/><period-end iso-date="2026-06-30"/>
        <target><comment><narrative>Better</narrative></comment></target></period>
    </indicator>
  </result>
</iati-activity>
"""


def _file(*activities: str) -> bytes:
    return f'<iati-activities version="2.03">{"".join(activities)}</iati-activities>'.encode()


def _found(document: bytes, ruleset: Any = None) -> set[str]:
    return {f.rule for f in rulesets.findings(document, ruleset=ruleset, now=NOW)}


def _changed(old: str, new: str) -> bytes:
    assert old in GOOD_ACTIVITY
    return _file(GOOD_ACTIVITY.replace(old, new, 1))


def test_the_shipped_rulesets_are_the_official_file() -> None:
    # The SHA-256 of standard.json of IATI/IATI-Rulesets, branch version-2.03, commit a88f835.
    digest = "eafdea8aef436f6a96236bc0b26eea2c0260ff3957c418e25d9c87d0ea07b0e4"
    assert hashlib.sha256(rulesets.STANDARD.read_bytes()).hexdigest() == digest


def test_a_good_activity_passes_every_rule() -> None:
    assert rulesets.findings(_file(GOOD_ACTIVITY), now=NOW) == []


# Each row: what to change in the good activity, and the rule of the standard that then fires.
BROKEN = {
    "shares add to 90 (strict_sum)": ('percentage="40"', 'percentage="30"'),
    "a share left out (if_then)": ('code="15110" percentage="40"', 'code="15110"'),
    "three-year budget (time_limit)": (
        '<period-end iso-date="2026-12-31"/>',
        '<period-end iso-date="2028-12-31"/>',
    ),
    "budget ends first (date_order)": (
        '<period-end iso-date="2026-12-31"/>',
        '<period-end iso-date="2025-12-31"/>',
    ),
    "target on a qualitative indicator (if_then)": (
        "<target><comment><narrative>Better</narrative></comment></target>",
        '<target value="3"/>',
    ),
    "baseline without value (atleast_one)": ('value="0"/>', "/>"),
    "donor's identifier (startswith)": (
        "<iati-identifier>GE-MIA-7</iati-identifier>",
        "<iati-identifier>XI-IATI-EC-1</iati-identifier>",
    ),
    "identifier is the organisation's (unique)": (
        "<iati-identifier>GE-MIA-7</iati-identifier>",
        "<iati-identifier>GE-MIA</iati-identifier>",
    ),
    "spaces around the identifier (no_spaces)": (
        "<iati-identifier>GE-MIA-7</iati-identifier>",
        "<iati-identifier> GE-MIA-7</iati-identifier>",
    ),
    "a narrative without language (one_or_all)": ('xml:lang="en" default', "default"),
    "no currency anywhere (one_or_all)": ('default-currency="EUR" ', ""),
    "a value without its currency (one_or_all)": ('currency="EUR" value-date', "value-date"),
    "updated in the future (date_now)": ("2026-05-01T10:00:00", "2026-07-01T10:00:00"),
    "actual start after today (date_order with NOW)": (
        '<activity-date type="3"',
        '<activity-date type="2" iso-date="2026-06-02"/><activity-date type="3"',
    ),
    "share over 100 (range)": ('percentage="100"', 'percentage="120"'),
    "no start date (atleast_one)": ('<activity-date type="1" iso-date="2026-01-01"/>', ""),
    "empty title (atleast_one)": ("<narrative>Border management</narrative>", "<narrative/>"),
}
EXPECTED = {
    "shares add to 90 (strict_sum)": {"2.1.2"},
    "a share left out (if_then)": {"2.1.1"},
    "three-year budget (time_limit)": {"7.5.3"},
    "budget ends first (date_order)": {"8.6.3"},
    "target on a qualitative indicator (if_then)": {"8.9.3"},
    "baseline without value (atleast_one)": {"8.8.1"},
    "donor's identifier (startswith)": {"1.1.21"},
    "identifier is the organisation's (unique)": {"1.1.3", "1.1.21"},
    "spaces around the identifier (no_spaces)": {"1.3.1", "1.1.21"},
    "a narrative without language (one_or_all)": {"4.1.1"},
    "no currency anywhere (one_or_all)": set(),  # every value still names its currency
    "a value without its currency (one_or_all)": set(),  # the default currency stands in
    "updated in the future (date_now)": {"11.1.1"},
    "actual start after today (date_order with NOW)": {"11.1.4"},
    "share over 100 (range)": {"12.1.1", "3.1.4"},
    "no start date (atleast_one)": {"6.11.1"},
    "empty title (atleast_one)": {"4.3.1"},
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_rule_of_the_standard_is_found(name: str) -> None:
    old, new = BROKEN[name]
    assert _found(_changed(old, new)) == EXPECTED[name]


def test_a_single_sector_with_a_share_below_100_breaks_the_single_sector_rule() -> None:
    document = _changed('<sector vocabulary="1" code="15110" percentage="40"/>', "")
    assert _found(document) == {"2.1.4"}
    alone = _changed(
        '<sector vocabulary="1" code="15210" percentage="60"/>'
        '\n  <sector vocabulary="1" code="15110" percentage="40"/>',
        '<sector vocabulary="1" code="15210"/>',
    )
    assert _found(alone) == set()
    nothing = _changed(
        '<sector vocabulary="1" code="15210" percentage="60"/>'
        '\n  <sector vocabulary="1" code="15110" percentage="40"/>',
        "",
    )
    assert _found(nothing) == {"6.2.2"}


def test_loops_apply_each_vocabulary_apart_substituting_only_the_keys_named() -> None:
    other = (
        '<sector vocabulary="2" code="151" percentage="50"/><sector vocabulary="2" code="152"%s/>'
    )
    good = _changed("<budget ", other % ' percentage="50"' + "<budget ")
    share_left_out = _changed("<budget ", other % "" + "<budget ")
    assert _found(good) == set()
    assert _found(share_left_out) == {"2.1.1"}
    # The 2.1.2 loop substitutes its paths but not its condition, so the condition counts
    # sectors of vocabulary "$1" and the sum is never checked, as in the official validator.
    ninety = _changed("<budget ", other % ' percentage="40"' + "<budget ")
    assert _found(ninety) == set()


def test_cases_needing_the_registry_lists_are_not_applied() -> None:
    # 1.14.8 would refuse "GE-MIA" without the org-id.guide prefixes; it is not applied.
    document = _changed('ref="GE-MIA" type="10"', 'ref="NOT/A/PREFIX" type="10"')
    assert "1.14.8" not in _found(document)
    assert "1.14.13" not in _found(document)


def test_findings_say_which_rule_where() -> None:
    (finding,) = rulesets.findings(_changed('percentage="40"', 'percentage="30"'), now=NOW)
    assert finding.severity == "error"
    assert finding.where == "/iati-activities/iati-activity"
    assert "add up to 100%" in finding.message and "2.1.2" in str(finding)


# The forms the standard file does not use for activities, each tested on its own case.
def _rule(name: str, **case: Any) -> Any:
    info = {"id": name, "severity": "error", "message": name}
    return {"/iati-activities/iati-activity": {name: {"cases": [{**case, "ruleInfo": info}]}}}


ONE_RULE = [
    (
        _rule("only_one_of", excluded=["sector"], paths=["transaction/sector"]),
        "<transaction><sector/></transaction>",
        "<a/>",
    ),
    (
        _rule("only_one_of", excluded=["sector"], paths=["transaction/sector"]),
        "<sector/>",
        "<sector/><transaction><sector/></transaction>",
    ),
    (_rule("dependent", paths=["a", "b"]), "<a/><b/>", "<a/>"),
    (_rule("dependent", paths=["a", "b"]), "", "<b/>"),
    (_rule("sum", paths=["a/@v"], sum=100), "", '<a v="40"/>'),
    (_rule("sum", paths=["a/@v"], sum=100), '<a v="40"/><a v="60.00"/>', '<a v="x"/>'),
    (_rule("strict_sum", paths=["a/@v"], sum=100), '<a v="100"/>', ""),
    (_rule("regex_no_matches", paths=["a"], regex="/"), "<a>x</a><a/>", "<a>x/y</a>"),
    (_rule("regex_matches", paths=["a"], regex="^[0-9]+$"), "<a>12</a><a/>", "<a>1a</a>"),
    (
        _rule("between_dates", date="a/@d", start="a/@s", end="a/@e"),
        '<a s="2026-01-01" d="2026-05-01" e="2026-12-31"/>',
        '<a s="2026-01-01" d="2027-05-01" e="2026-12-31"/>',
    ),
    (
        _rule("time_limit", start="a/@s", end="a/@e"),
        '<a s="2026-01-01" e="2027-01-01"/>',  # 365 days
        '<a s="2024-01-01" e="2025-01-01"/>',  # 366 days: a leap year
    ),
    (_rule("no_more_than_one", paths=["a", "b"]), "<a/>", "<a/><b/>"),
    (_rule("unique", paths=["a", "b"]), "<a>1</a><b>2</b>", "<a>1</a><b>1</b>"),
    (_rule("no_spaces", paths=["a/@r"]), '<a r="x"/>', '<a r="x&#10;"/>'),
    (_rule("range", paths=["a/@p"], min=0, max=100), '<a p="0"/><a p="100"/>', '<a p="-1"/>'),
    (_rule("range", paths=["a/@p"], min=0, max=100), "", '<a p="many"/>'),
    (
        _rule("startswith", paths=["a"], prefix=["b"], separator="-"),
        "<b>X</b><b>Y</b><a>Y-1</a>",
        "<b>X</b><a>X1</a>",
    ),
    (_rule("atleast_one", paths=["a"], condition="b"), "<c/>", "<b/>"),
    (_rule("one_or_all", one="@x", all="sector"), "", "<transaction/>"),
    (
        _rule("one_or_all", one="@x", all="recipient-country|recipient-region"),
        "<transaction><recipient-region/></transaction>",
        "<transaction/>",
    ),
    (
        _rule("date_order", less="a/@d", more="b/@d"),
        '<a d="2026-01-01"/>',
        '<a d="2026-01-02"/><b d="2026-01-01"/>',
    ),
    (_rule("date_now", date="a/@d"), '<a d="not a date"/>', '<a d="2026-06-02"/>'),
    (
        _rule("if_then", **{"if": "a", "then": "count(b) = count(a)"}),
        "<c/>",
        "<a/><a/><b/>",
    ),
]


@pytest.mark.parametrize(("ruleset", "good", "bad"), ONE_RULE)
def test_each_rule_form_passes_good_and_fires_on_bad(ruleset: Any, good: str, bad: str) -> None:
    (name,) = ruleset["/iati-activities/iati-activity"]
    wrap = "<iati-activity>{}</iati-activity>"
    assert _found(_file(wrap.format(good)), ruleset) == set()
    assert _found(_file(wrap.format(bad)), ruleset) == {name}


def test_an_unknown_rule_form_is_refused_not_passed() -> None:
    with pytest.raises(ValueError, match="Unknown IATI rule form"):
        rulesets.findings(_file("<iati-activity/>"), ruleset=_rule("maybe", paths=["a"]), now=NOW)
    with pytest.raises(ValueError, match="Unknown one_or_all"):
        rulesets.findings(
            _file("<iati-activity/>"), ruleset=_rule("one_or_all", one="@x", all="y"), now=NOW
        )


def test_a_value_needs_a_currency_when_the_activity_gives_none() -> None:
    document = _file(
        GOOD_ACTIVITY.replace('default-currency="EUR" ', "").replace(
            'currency="EUR" value-date', "value-date"
        )
    )
    assert _found(document) == {"7.8.1"}
