"""The layout a plan is printed in and read back from, as the department's 2017 plan has it.

Columns: საქმიანობა | ინდიკატორი | ვადები | სხვა უწყება/სტრუქტურული ერთეული | შენიშვნები, and,
so that a printed workbook reads back as the same plan, the responsible unit, the numeric
target, the deadline as a date and what the activity serves (commitments, needs, projects). A heading row (``1.``, ``1.1.``) has its number and title in
the first column and nothing else, its level word before the number if it has one (``ამოცანა
3.2.1.``); an activity row (``1.1.1.``) has its number and text in the first column and
something in another. A row without a number continues the activity above (the 2017 plan
breaks an activity's cells over rows at a page end); rows above the first heading (titles),
header rows and a heading repeated, with or without its number, are passed over.

``read_plan`` turns the rows into sections and activities, or into the list of what is wrong
with each row; nothing of the file is kept unless every row is right.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.bounds import exact_amount


@dataclass(frozen=True)
class Column:
    name: str
    label: Promise
    # How the 2017 plan (and files made from it) head the column, besides the label.
    also: tuple[str, ...] = ()


COLUMNS = (
    Column("text", pgettext_lazy("action plan column", "Activity"), ("საქმიანობა",)),
    Column("indicator", pgettext_lazy("action plan column", "Indicator"), ("ინდიკატორი",)),
    Column("deadline_text", pgettext_lazy("action plan column", "Deadlines"), ("ვადები",)),
    Column(
        "others_involved",
        pgettext_lazy("action plan column", "Other agency / structural unit"),
        ("სხვა უწყება",),
    ),
    Column("comments", pgettext_lazy("action plan column", "Comments"), ("შენიშვნები",)),
    Column(
        "responsible_unit",
        pgettext_lazy("action plan column", "Responsible unit"),
        ("პასუხისმგებელი",),
    ),
    Column("target", pgettext_lazy("action plan column", "Numeric target"), ("რიცხობრივი",)),
    Column("deadline", pgettext_lazy("action plan column", "Deadline date"), ("ვადის თარიღი",)),
    # What an activity serves: commitments by their name (EU-AA 14.2), needs and projects by
    # their number (#12), each after a semicolon.
    Column("commitments", pgettext_lazy("action plan column", "Commitments served"), ()),
    Column("needs", pgettext_lazy("action plan column", "Needs served"), ()),
    Column("projects", pgettext_lazy("action plan column", "Projects served"), ()),
)
# The five columns the plan is printed with; the others follow in the workbook.
PRINTED = COLUMNS[:5]
TEXT_COLUMNS = ("text", "indicator", "deadline_text", "others_involved", "comments")
LINK_COLUMNS = ("commitments", "needs", "projects")

# A cell longer than this is no activity's text (the 2017 plan's longest is under 1,000).
MAX_CELL_CHARS = 4000
MAX_ROWS = 2000

# A heading may name its level before its number: „ამოცანა 3.2.1.“ (a task) in the 2017 plan,
# where the scan split the word in two.
_LEVEL_WORDS = r"(?:ამ\s?ოცანა|მიზანი)\s*"
_NUMBERED = re.compile(
    rf"^\s*(?:{_LEVEL_WORDS})?(\d{{1,3}}(?:\.\d{{1,3}}){{0,5}})\.?(?=\s|$)\s*(.*)$",
    re.DOTALL,
)
_DAY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def _headings(column: Column) -> list[str]:
    names = [*column.also]
    for language in ("ka", "en"):
        with translation.override(language):
            names.append(str(column.label))
    return [_plain(name) for name in names]


def header_columns(cells: Sequence[str]) -> dict[str, int] | None:
    """Column name → index for a header row (its first cell heads the activities and another
    names a known column); None for any other row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = _plain(cell)
        if not text:
            continue
        # The longest heading first: "deadline date" is not "deadlines".
        for column in sorted(COLUMNS, key=lambda c: -max(map(len, _headings(c)))):
            if column.name not in found and any(text.startswith(h) for h in _headings(column)):
                found[column.name] = index
                break
    if found.get("text") != 0 or len(found) < 2:
        return None
    return found


DEFAULT_COLUMNS = {column.name: index for index, column in enumerate(COLUMNS)}


@dataclass(frozen=True)
class SheetRow:
    """A row of the file: its number as the spreadsheet shows it, its cells as text, and the
    columns (0-based) whose cells hold a formula."""

    line: int
    cells: Sequence[str]
    formulas: frozenset[int] = frozenset()


@dataclass
class ReadActivity:
    line: int
    number: str
    values: dict[str, str]


@dataclass
class ReadSection:
    line: int
    number: str
    title: str
    activities: list[ReadActivity] = field(default_factory=list)


@dataclass
class ReadPlan:
    sections: list[ReadSection] = field(default_factory=list)
    # (row, reason); a refusal of the whole file has row 0.
    refused: list[tuple[int, str]] = field(default_factory=list)
    # The lines above the first heading: the ministry, the department, the plan's title.
    titles: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The plan's title as the workbook gives it: the last line above its first heading
        (the 2017 plan's „სამოქმედო გეგმა 2017“, an export's own title)."""
        return self.titles[-1] if self.titles else ""

    def refuse(self, line: int, reason: str) -> None:
        self.refused.append((line, _("Row %(row)s: %(reason)s") % {"row": line, "reason": reason}))

    @property
    def refusals(self) -> list[str]:
        """What is wrong, the whole file first, then row by row in the file's order (the
        reader and the service each find their own)."""
        return [reason for _line, reason in sorted(self.refused, key=lambda pair: pair[0])]


def _parent(number: str) -> str:
    return number.rpartition(".")[0]


def read_plan(rows: Sequence[SheetRow]) -> ReadPlan:
    """The sections and activities the rows hold, and a refusal for each row that is wrong."""
    read = ReadPlan()
    if len(rows) > MAX_ROWS:
        read.refused.append(
            (
                0,
                _("The file has more than %(limit)s rows; no plan is that long.")
                % {"limit": MAX_ROWS},
            )
        )
        return read
    columns = DEFAULT_COLUMNS
    numbers: set[str] = set()
    headings: dict[str, str] = {}  # a heading's number → its title, as compared
    section: ReadSection | None = None
    activity: ReadActivity | None = None
    for row in rows:
        if row.formulas:
            read.refuse(
                row.line,
                _(
                    "a cell holds a formula; formulas are not read. Copy the cells and paste "
                    "them as values."
                ),
            )
            continue
        if any(len(cell) > MAX_CELL_CHARS for cell in row.cells):
            read.refuse(
                row.line,
                _("a cell holds more than %(limit)s characters.") % {"limit": MAX_CELL_CHARS},
            )
            continue
        if (found := header_columns(row.cells)) is not None:
            columns = found
            continue
        values = {
            name: (row.cells[index].strip() if index < len(row.cells) else "")
            for name, index in columns.items()
        }
        first = values.pop("text", "")
        matched = _NUMBERED.match(first)
        if matched is None:
            if section is None:
                if first:
                    read.titles.append(" ".join(first.split()))
                continue
            if not any(values.values()) and _plain(first) in headings.values():
                continue  # a heading repeated without its number at the top of a page
            if activity is not None:
                _continue_activity(read, row.line, activity, {"text": first, **values})
            elif first and not any(values.values()):
                section.title = f"{section.title} {first}"
            else:
                read.refuse(row.line, _("the row has no number and follows no activity."))
            continue
        number, rest = matched.group(1), matched.group(2).strip()
        if not any(values.values()) and headings.get(number) == _plain(rest):
            continue  # the 2017 plan repeats its unit's heading above each of its sections
        if number in numbers:
            read.refuse(row.line, _("number %(number)s is used twice.") % {"number": number})
            continue
        numbers.add(number)
        if not any(values.values()):
            if not rest:
                read.refuse(row.line, _("heading %(number)s has no title.") % {"number": number})
            section = ReadSection(row.line, number, rest)
            read.sections.append(section)
            headings[number] = _plain(rest)
            activity = None
        elif section is None:
            read.refuse(
                row.line,
                _("activity %(number)s comes before any section heading.") % {"number": number},
            )
        elif _parent(number) != section.number:
            read.refuse(
                row.line,
                _("activity %(number)s does not sit under section %(section)s (%(section)s.1, …).")
                % {"number": number, "section": section.number},
            )
            activity = None
        elif not rest:
            read.refuse(row.line, _("activity %(number)s has no text.") % {"number": number})
        else:
            activity = ReadActivity(row.line, number, {"text": rest, **values})
            section.activities.append(activity)
    if not read.sections and not read.refused:
        read.refused.append(
            (
                0,
                _(
                    "The file holds no numbered heading (1. or 1.1.) and no activity. The first "
                    "column holds the activities, under a header row naming the columns: %(columns)s."
                )
                % {"columns": " | ".join(str(column.label) for column in PRINTED)},
            )
        )
    return read


def _continue_activity(
    read: ReadPlan, line: int, activity: ReadActivity, values: dict[str, str]
) -> None:
    """A row without a number continues the activity above: text columns go on a new line;
    the responsible unit, target and date may be given once."""
    for name, value in values.items():
        if not value:
            continue
        kept = activity.values.get(name, "")
        if name in TEXT_COLUMNS:
            activity.values[name] = f"{kept}\n{value}" if kept else value
        elif name in LINK_COLUMNS:
            activity.values[name] = f"{kept}; {value}" if kept else value
        elif kept and kept != value:
            read.refuse(
                line,
                _("activity %(number)s is given a second %(column)s.")
                % {"number": activity.number, "column": _column_label(name)},
            )
        else:
            activity.values[name] = value


def _column_label(name: str) -> str:
    return next(str(column.label) for column in COLUMNS if column.name == name)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def years_named(text: str) -> set[int]:
    """The years a text names: „2017 წლის განმავლობაში“ names 2017."""
    return {int(year) for year in _YEAR.findall(text)}


def linked_names(text: str, *, numbered: bool = False) -> list[str]:
    """The entries of a link cell: „EU-AA 14.2; VLAP 3“ → ["EU-AA 14.2", "VLAP 3"]. Numbered
    entries (needs, projects) part only before a number, so a title may hold a semicolon:
    „#12 აღჭურვილობა; ახალი; #15 ტრენინგი“ is two."""
    parting = r"[;\n]\s*(?=#\d)" if numbered else r"[;\n]"
    return [" ".join(part.split()) for part in re.split(parting, text) if part.strip()]


_RECORD_NUMBER = re.compile(r"^#(\d{1,9})(?!\d)")


def record_number(entry: str) -> int | None:
    """The record a need or project entry names by its number: „#12 სასაზღვრო…“ → 12."""
    matched = _RECORD_NUMBER.match(entry.strip())
    return int(matched.group(1)) if matched else None


def day_from(text: str) -> datetime.date | None:
    """A date cell as the reader gives it (2027-12-31) or as people type it (31.12.2027)."""
    text = text.strip()
    if (matched := _DAY.match(text)) is not None:
        day, month, year = (int(part) for part in matched.groups())
        text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _typed_number(text: str) -> str:
    """1 000, 1,000 and 12,5 as people mean them: 1000, 1000 and 12.5."""
    text = text.replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text and len(text.rpartition(",")[2]) != 3:
        text = text.replace(",", ".")
    return text.replace(",", "")


def target_from(text: str) -> Decimal | None:
    """A number as typed, if the register can keep it."""
    return exact_amount(_typed_number(text))


def reads_as_number(text: str) -> bool:
    """Whether ``text`` is a number at all, kept or not (a target too large is still one)."""
    try:
        return Decimal(_typed_number(text)).is_finite()
    except InvalidOperation:
        return False


def cell_value(value: Any) -> str:
    """A workbook cell as the reader gives it to ``read_plan``."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
