"""Reading a workbook's rows into sections and activities: the 2017 layout, and a refusal for
every row that is wrong (formulas, text too long, numbers out of place)."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from actionplans.layout import MAX_CELL_CHARS, SheetRow, header_columns, read_plan, target_from
from tests.actionplans.seed_plan import plan_2017_rows


def rows(*cells: list[str]) -> list[SheetRow]:
    return [SheetRow(line, list(row)) for line, row in enumerate(cells, start=1)]


def test_headings_become_sections_and_rows_under_them_activities() -> None:
    read = read_plan(
        rows(
            ["სამოქმედო გეგმა 2017"],
            ["1. სამმართველო"],
            ["1.1. ნაწილი"],
            ["1.1.1. პირველი", "ინდიკატორი", "2017 წელი"],
            ["1.1.2 მეორე", "", "", "იუსტიციის სამინისტრო"],
            ["3.2.3. ამოცანა"],
            ["3.2.3.1. მონიტორინგი", "ანგარიშები"],
        )
    )
    assert read.refusals == []
    assert [(s.number, s.title) for s in read.sections] == [
        ("1", "სამმართველო"),
        ("1.1", "ნაწილი"),
        ("3.2.3", "ამოცანა"),
    ]
    first, second = read.sections[1].activities
    assert (first.number, first.values["text"], first.values["deadline_text"]) == (
        "1.1.1",
        "პირველი",
        "2017 წელი",
    )
    assert second.values["others_involved"] == "იუსტიციის სამინისტრო"
    assert read.sections[2].activities[0].number == "3.2.3.1"


def test_the_2017_plan_reads_whole_as_the_ministry_printed_it() -> None:
    read = read_plan(plan_2017_rows())
    assert read.refusals == []
    assert read.title == "სამოქმედო გეგმა 2017"
    sections = {s.number: s for s in read.sections}
    # Units (1., 2., 3., 4.), their divisions and the tasks of 3.2 („ამოცანა 3.2.1.“).
    assert list(sections) == [
        "1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "3", "3.1",
        "3.2", "3.2.1", "3.2.2", "3.2.3", "3.2.4", "3.2.5", "4", "4.1",
    ]  # fmt: skip
    assert sections["3.2"].title == "ევროინტეგრაციის განყოფილება"
    assert sections["3.2.1"].title.startswith("ევროკავშირთან ასოცირების")
    assert [a.number for a in sections["3.2.1"].activities] == ["3.2.1.1", "3.2.1.2"]
    assert len(sections["1.2"].activities) == 8 and len(sections["3.1"].activities) == 8
    assert sum(len(s.activities) for s in read.sections) == 60
    # The unit's heading repeated above 1.3 at a page's top is no part of 1.2.8.
    last_of_1_2 = sections["1.2"].activities[-1]
    assert "სამმართველო" not in last_of_1_2.values["text"].splitlines()[-1]
    # An activity broken over rows at a page's end is read as one.
    activity = next(a for a in sections["3.2.1"].activities if a.number == "3.2.1.1")
    assert "2017 წლის ეროვნული სამოქმედო გეგმის" in activity.values["text"]


def test_a_heading_repeated_with_another_title_is_still_refused() -> None:
    read = read_plan(rows(["1. სამმართველო"], ["1.1. ნაწილი"], ["1. სხვა სამმართველო"]))
    twice = gettext("number %(number)s is used twice.") % {"number": "1"}
    assert read.refusals == [gettext("Row %(row)s: %(reason)s") % {"row": 3, "reason": twice}]


def test_a_header_row_says_where_each_column_is() -> None:
    header = ["საქმიანობა", "შენიშვნები/კომენტარები", "ინდიკატორი", "I quarter"]
    assert header_columns(header) == {"text": 0, "comments": 1, "indicator": 2}
    assert header_columns(["1.1.1. საქმიანობა", "ინდიკატორი"]) is None
    read = read_plan(rows(["1.1. ნ"], header, ["1.1.1. ტ", "შენიშვნა", "ინდ", "გაკეთდა"]))
    activity = read.sections[0].activities[0]
    assert (activity.values["comments"], activity.values["indicator"]) == ("შენიშვნა", "ინდ")


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (["1.2.1. სხვა ნაწილის", "x"], "1.2"),  # not under the section above
        (["1.1.1.1. ორი დონით ქვემოთ", "x"], "1.1.1.1"),
        (["1.1.1. ორჯერ", "x"], "1.1.1"),  # the number is taken
        (["1.1.5.", "x"], "1.1.5"),  # an activity with no text
        (["ა" * (MAX_CELL_CHARS + 1), "x"], str(MAX_CELL_CHARS)),
    ],
)
def test_each_wrong_row_is_refused_with_its_row_number(bad, why) -> None:
    read = read_plan(rows(["1.1. ნაწილი"], ["1.1.1. კარგი", "x"], bad, ["1.1.9. კარგი", "y"]))
    assert len(read.refusals) == 1
    assert read.refusals[0].startswith(_row(3)) and why in read.refusals[0]


def test_a_formula_is_refused_not_computed() -> None:
    read = read_plan(
        [SheetRow(1, ["1.1. ნ"]), SheetRow(2, ["1.1.1. ტ", '=HYPERLINK("x")'], frozenset({1}))]
    )
    assert len(read.refusals) == 1 and read.refusals[0].startswith(_row(2))


def test_an_activity_before_any_heading_and_a_stray_row_are_refused() -> None:
    read = read_plan(rows(["1.1.1. ტექსტი", "ინდიკატორი"]))
    assert read.refusals and read.refusals[0].startswith(_row(1))
    stray = read_plan(rows(["1.1. ნ"], ["", "ინდიკატორი უპატრონოდ"]))
    assert stray.refusals and stray.refusals[0].startswith(_row(2))


def test_a_file_without_any_heading_is_refused() -> None:
    assert read_plan(rows(["სათაური"], ["სხვა სათაური"])).refusals


def test_a_file_far_longer_than_any_plan_is_refused_whole() -> None:
    read = read_plan(rows(*[[f"{n}. სათაური"] for n in range(1, 2100)]))
    assert len(read.refusals) == 1 and not read.sections


def test_targets_are_read_as_people_type_them() -> None:
    assert str(target_from("1 000")) == "1000.00"
    assert str(target_from("1,000")) == "1000.00"
    assert str(target_from("12,5")) == "12.50"
    assert target_from("ბევრი") is None


def _row(line: int) -> str:
    from django.utils.translation import gettext

    return gettext("Row %(row)s: %(reason)s") % {"row": line, "reason": ""}


def test_an_english_word_before_a_number_continues_the_activity_above() -> None:
    read = read_plan(rows(["1.1. ნაწილი"], ["1.1.1. შეხვედრები", "ა)"], ["Task 2 follows", "ბ)"]))
    assert read.refusals == []
    (activity,) = read.sections[0].activities
    assert activity.values["text"] == "შეხვედრები\nTask 2 follows"
