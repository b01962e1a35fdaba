"""The plan services: what each writes, what it refuses, and the history edits keep."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from actionplans.models import ActionPlan, ActivityReport
from actionplans.selectors import plan_completion
from actionplans.services import (
    activity_add,
    activity_report,
    activity_update,
    plan_copy,
    plan_create,
    plan_update,
    section_add,
    section_update,
)
from core.errors import ActionBlocked, ActionForbidden, VersionConflict

pytestmark = pytest.mark.django_db


def moment(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=datetime.UTC)


def test_a_plan_is_once_per_year_for_the_department_and_for_each_unit(
    plan, coordinator, unit
) -> None:
    with pytest.raises(ActionBlocked):
        plan_create(user=coordinator, fields={"year": 2027, "title": "again"})
    units_plan = plan_create(user=coordinator, fields={"year": 2027, "unit": unit})
    assert units_plan.title  # a title is given when none is typed
    with pytest.raises(ActionBlocked):
        plan_create(user=coordinator, fields={"year": 2027, "unit": unit, "title": "x"})


def test_sections_and_activities_stand_in_the_order_of_their_numbers(plan, coordinator, unit):
    section = plan.sections.get(number="1.1")
    for number in ("1.1.10", "1.1.9", "1.1.2"):
        activity_add(
            plan=plan,
            user=coordinator,
            fields={"section": section, "number": number, "text": "t", "responsible_unit": unit},
        )
    section_add(plan=plan, user=coordinator, number="1", title="სამმართველო")
    assert list(plan.sections.values_list("number", flat=True)) == ["1", "1.1", "1.2"]
    numbers = list(plan.activities.values_list("number", flat=True))
    assert numbers == ["1.1.1", "1.1.2", "1.1.9", "1.1.10", "1.2.1"]


@pytest.mark.parametrize("number", ["1.2.2", "1.1", "1.1.1.1", "1.1.x", "1.1.1"])
def test_an_activity_sits_one_level_under_its_section_with_a_number_of_its_own(
    plan, coordinator, unit, number
) -> None:
    section = plan.sections.get(number="1.1")
    with pytest.raises(ActionBlocked):
        activity_add(
            plan=plan,
            user=coordinator,
            fields={"section": section, "number": number, "text": "t", "responsible_unit": unit},
        )


def test_an_edit_keeps_what_it_changed(activity, coordinator, other_unit) -> None:
    activity_update(
        activity=activity,
        user=coordinator,
        fields={"indicator": "ახალი ინდიკატორი", "responsible_unit": other_unit},
    )
    edit = activity.edits.get()
    assert edit.changes["indicator"][1] == "ახალი ინდიკატორი"
    assert activity.version == 2
    with pytest.raises(VersionConflict):
        activity_update(
            activity=activity, user=coordinator, fields={"text": "x"}, expected_version=1
        )


def test_renumbering_a_section_renumbers_its_activities_and_keeps_it_in_the_history(
    plan, coordinator
) -> None:
    section = plan.sections.get(number="1.2")
    section_update(section=section, user=coordinator, fields={"number": "1.3."})
    assert list(plan.activities.values_list("number", flat=True)) == ["1.1.1", "1.3.1"]
    assert plan.edits.count() == 1


def test_a_section_saved_meanwhile_is_not_renumbered_from_an_older_version(
    plan, coordinator
) -> None:
    section = plan.sections.get(number="1.2")
    section_update(section=section, user=coordinator, fields={"title": "ახალი სათაური"})
    assert section.version == 2
    with pytest.raises(VersionConflict):
        section_update(
            section=plan.sections.get(pk=section.pk),
            user=coordinator,
            fields={"number": "1.5"},
            expected_version=1,
        )
    assert list(plan.activities.values_list("number", flat=True)) == ["1.1.1", "1.2.1"]
    section_update(section=section, user=coordinator, fields={"title": "ახალი სათაური"})
    assert plan.sections.get(pk=section.pk).version == 2  # nothing changed, no new version


def test_who_keeps_which_plan(plan, unit, focal_point, unit_head, other_unit_focal_point, viewer):
    # The department's plan: the coordinators only.
    with pytest.raises(ActionForbidden):
        section_add(plan=plan, user=focal_point, number="2", title="x")
    own = plan_create(user=focal_point, fields={"year": 2027, "unit": unit})
    section_add(plan=own, user=unit_head, number="1", title="x")
    for outsider in (other_unit_focal_point, viewer):
        with pytest.raises(ActionForbidden):
            plan_update(plan=own, user=outsider, fields={"title": "y"})
    with pytest.raises(ActionForbidden):
        plan_create(user=viewer, fields={"year": 2028})


def test_the_responsible_units_focal_point_reports_and_a_correction_keeps_history(
    activity, focal_point, other_unit_focal_point, coordinator
) -> None:
    with time_machine.travel(moment(2027, 4, 3), tick=False):
        for someone in (other_unit_focal_point, coordinator):
            with pytest.raises(ActionForbidden):
                activity_report(
                    activity=activity, user=someone, quarter=1, status="in_progress", progress="x"
                )
        report = activity_report(
            activity=activity, user=focal_point, quarter=1, status="in_progress", progress="x"
        )
        corrected = activity_report(
            activity=activity,
            user=focal_point,
            quarter=1,
            status="delayed",
            progress="y",
            actual=Decimal(2),
        )
        assert corrected.pk == report.pk and corrected.version == 2
        assert corrected.edits.get().changes["status"] == ["in_progress", "delayed"]
        with pytest.raises(ActionBlocked):  # the third quarter has not begun
            activity_report(
                activity=activity, user=focal_point, quarter=3, status="done", progress=""
            )
        with pytest.raises(ActionBlocked):
            activity_report(
                activity=activity, user=focal_point, quarter=5, status="done", progress="z"
            )
        with pytest.raises(ActionBlocked):
            activity_report(
                activity=activity, user=focal_point, quarter=2, status="won", progress="z"
            )
    assert ActivityReport.objects.count() == 1


def test_next_years_plan_is_a_copy_a_year_on_without_reports(
    plan, activity, focal_point, coordinator
) -> None:
    with time_machine.travel(moment(2027, 4, 3), tick=False):
        activity_report(activity=activity, user=focal_point, quarter=1, status="done", progress="x")
    copy = plan_copy(plan=plan, user=coordinator)
    assert (copy.year, copy.title, copy.copied_from) == (2028, "სამოქმედო გეგმა 2028", plan)
    assert list(copy.sections.values_list("number", flat=True)) == ["1.1", "1.2"]
    twin = copy.activities.get(number="1.1.1")
    assert (twin.deadline, twin.deadline_text) == (datetime.date(2028, 12, 31), "2028 წელი")
    assert not twin.reports.exists()
    with pytest.raises(ActionBlocked):  # 2028 has its plan now
        plan_copy(plan=plan, user=coordinator)
    assert ActionPlan.objects.count() == 2


def test_completion_by_section_unit_and_quarter(plan, activity, focal_point) -> None:
    other = plan.activities.get(number="1.2.1")
    with time_machine.travel(moment(2027, 7, 3), tick=False):
        activity_report(
            activity=activity, user=focal_point, quarter=1, status="in_progress", progress="a"
        )
        activity_report(activity=activity, user=focal_point, quarter=2, status="done", progress="b")
        activity_report(activity=other, user=focal_point, quarter=2, status="delayed", progress="c")
    figures = plan_completion(plan)
    assert (figures.overall.done, figures.overall.total, figures.overall.share) == (1, 2, 50)
    assert [t.share for t in figures.by_section] == [100, 0]
    assert [(t.done, t.total) for t in figures.by_unit] == [(1, 2)]
    assert [t.done for t in figures.by_quarter] == [0, 1, 1, 1]
    assert [t.reported for t in figures.by_quarter] == [1, 2, 0, 0]


def test_a_target_or_a_figure_reached_below_zero_is_refused(
    activity, focal_point, coordinator
) -> None:
    with pytest.raises(ActionBlocked):
        activity_update(activity=activity, user=coordinator, fields={"target": Decimal(-200)})
    with time_machine.travel(moment(2027, 4, 3), tick=False):
        with pytest.raises(ActionBlocked):
            activity_report(
                activity=activity,
                user=focal_point,
                quarter=1,
                status="in_progress",
                progress="x",
                actual=Decimal(-1),
            )
        assert not activity.reports.exists()
