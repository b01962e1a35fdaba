"""Edit pages carry the version they were opened with; a save made after someone else saved is
refused, showing the stored values beside what was typed, and what was typed is kept."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplans.models import Activity, ActivityReport
from actionplans.services import activity_report
from core.models import User
from needs.models import Need
from needs.services import need_create, need_update
from projects.models import Obligation, Project
from projects.services.obligations import obligation_update
from projects.services.projects import project_create, project_update
from tests.actionplans.plans import department_plan
from tests.web import opened_form, signed_in
from trainings.models import Training
from trainings.services import training_create, training_update
from web.forms.action_plans import ActivityReportForm
from workflow.models import CoordinationMeeting, Opportunity
from workflow.services import opportunity_update
from workflow.services.meetings import meeting_schedule, meeting_update

pytestmark = pytest.mark.django_db

STALE = "სხვამ შეინახა ეს ჩანაწერი მას შემდეგ, რაც გახსენით"


def _opportunity(make_opportunity: Any, focal_point: User, **_: Any) -> tuple[Any, Callable]:
    item = make_opportunity(title="საწყისი სათაური", need="საწყისი საჭიროება")

    def meanwhile() -> None:
        opportunity_update(
            opportunity=Opportunity.objects.get(pk=item.pk),
            user=focal_point,
            fields={"title": "სხვისი სათაური"},
        )

    return item, meanwhile


def _project(coordinator: User, **_: Any) -> tuple[Any, Callable]:
    item = project_create(user=coordinator, fields={"title_ka": "საწყისი სათაური", "status": "2"})

    def meanwhile() -> None:
        project_update(
            project=Project.objects.get(pk=item.pk),
            user=coordinator,
            fields={"title_ka": "სხვისი სათაური"},
        )

    return item, meanwhile


def _obligation(make_obligation: Any, coordinator: User, **_: Any) -> tuple[Any, Callable]:
    item = make_obligation(description="საწყისი აღწერა")

    def meanwhile() -> None:
        obligation_update(
            obligation=Obligation.objects.get(pk=item.pk),
            user=coordinator,
            fields={"description": "სხვისი სათაური"},
        )

    return item, meanwhile


def _need(coordinator: User, unit: Any, **_: Any) -> tuple[Any, Callable]:
    item = need_create(
        user=coordinator,
        fields={"title": "საწყისი სათაური", "source": "aa", "responsible_unit": unit},
    )

    def meanwhile() -> None:
        need_update(
            need=Need.objects.get(pk=item.pk), user=coordinator, fields={"title": "სხვისი სათაური"}
        )

    return item, meanwhile


def _training(coordinator: User, unit: Any, **_: Any) -> tuple[Any, Callable]:
    item = training_create(
        user=coordinator,
        fields={
            "name": "საწყისი სათაური",
            "organiser": "FRONTEX",
            "unit": unit,
            "start_date": datetime.date(2026, 3, 2),
            "end_date": datetime.date(2026, 3, 6),
            "duration_days": Decimal("5"),
            "country": "პოლონეთი",
            "women": 1,
            "men": 1,
        },
    )

    def meanwhile() -> None:
        training_update(
            training=Training.objects.get(pk=item.pk),
            user=coordinator,
            fields={"name": "სხვისი სათაური"},
        )

    return item, meanwhile


def _meeting(coordinator: User, unit: Any, **_: Any) -> tuple[Any, Callable]:
    item = meeting_schedule(
        user=coordinator,
        fields={
            "title": "საწყისი სათაური",
            "starts_at": timezone.now().replace(microsecond=0) + datetime.timedelta(days=10),
            "place": "ოთახი 5",
        },
        attendee_units=[unit],
    )

    def meanwhile() -> None:
        meeting_update(
            meeting=CoordinationMeeting.objects.get(pk=item.pk),
            user=coordinator,
            fields={"title": "სხვისი სათაური"},
        )

    return item, meanwhile


def _edits(record: Any) -> Any:
    """The record's edit history; a meeting keeps none (its version alone guards its saves)."""
    return getattr(record, "edits", None)


# record, who edits on the page, its edit address, the title field, another field to type in.
Make = Callable[..., tuple[Any, Callable[..., Any]]]
PAGES: dict[str, tuple[Make, str, str, str, str | None]] = {
    "opportunity": (_opportunity, "focal_point", "/opportunities/{pk}/edit/", "title", "need"),
    "project": (_project, "coordinator", "/projects/{pk}/edit/", "title_ka", "goal"),
    "obligation": (_obligation, "coordinator", "/obligations/{pk}/edit/", "description", None),
    "need": (_need, "coordinator", "/needs/{pk}/edit/", "title", "description"),
    "training": (_training, "coordinator", "/trainings/{pk}/edit/", "name", "place"),
    "meeting": (_meeting, "coordinator", "/meetings/{pk}/edit/", "title", "place"),
}


@pytest.fixture(params=list(PAGES))
def page(request: Any) -> dict[str, Any]:
    make, who, url, title, other = PAGES[request.param]
    fixtures = {
        name: request.getfixturevalue(name)
        for name in ("make_opportunity", "make_obligation", "focal_point", "coordinator", "unit")
    }
    record, meanwhile = make(**fixtures)
    return {
        "name": request.param,
        "record": record,
        "meanwhile": meanwhile,
        "client": signed_in(request.getfixturevalue(who)),
        "url": url.format(pk=record.pk),
        "title": title,
        "other": other,
    }


def test_the_page_carries_the_version_it_was_opened_with(page: dict[str, Any]) -> None:
    form = opened_form(page["client"], page["url"])
    assert form["version"] == str(page["record"].version) == "1"


def test_a_save_after_someone_else_saved_is_refused_with_both_values_and_the_typing_kept(
    page: dict[str, Any],
) -> None:
    record, title = page["record"], page["title"]
    form = opened_form(page["client"], page["url"])
    page["meanwhile"]()  # someone else renames the record while the page is open
    typed = "ჩემი სათაური"
    response = page["client"].post(page["url"], form | {title: typed})

    body = response.content.decode()
    assert response.status_code == 409
    assert STALE in body
    table = body[body.index('id="stale-values"') :]
    row = table[: table.index("</tr>", table.index("სხვისი სათაური"))]
    assert "<td>სხვისი სათაური</td><td>ჩემი სათაური</td>" in row
    assert f'value="{typed}"' in body or f"{typed}</textarea>" in body
    # The form now carries the current version: saving again is a deliberate choice.
    assert 'name="version" value="2"' in body
    stored = type(record).objects.get(pk=record.pk)
    assert (getattr(stored, title), stored.version) == ("სხვისი სათაური", 2)
    if (edits := _edits(stored)) is not None:
        assert edits.count() == 1


def test_saving_again_after_seeing_both_values_stores_what_was_typed(
    page: dict[str, Any],
) -> None:
    record, title = page["record"], page["title"]
    form = opened_form(page["client"], page["url"])
    page["meanwhile"]()
    page["client"].post(page["url"], form | {title: "ჩემი სათაური"})
    again = page["client"].post(page["url"], form | {title: "ჩემი სათაური", "version": "2"})

    assert again.status_code == 302
    stored = type(record).objects.get(pk=record.pk)
    assert (getattr(stored, title), stored.version) == ("ჩემი სათაური", 3)
    if (edits := _edits(stored)) is not None:
        assert edits.order_by("id").last().changes[title] == ["სხვისი სათაური", "ჩემი სათაური"]


def test_a_save_on_the_version_stored_goes_through(page: dict[str, Any]) -> None:
    record, other = page["record"], page["other"]
    form = opened_form(page["client"], page["url"])
    field = other or page["title"]
    response = page["client"].post(page["url"], form | {field: "ახალი მნიშვნელობა"})

    assert response.status_code == 302
    stored = type(record).objects.get(pk=record.pk)
    assert (getattr(stored, field), stored.version) == ("ახალი მნიშვნელობა", 2)
    if (edits := _edits(stored)) is not None:
        assert list(edits.get().changes) == [field]


@pytest.mark.parametrize("version", ["²", "١", "-1", "1.0", ""])
def test_a_version_that_is_no_number_saves_as_an_edit_without_one(
    page: dict[str, Any], version: str
) -> None:
    """A tampered hidden field is no 500: the edit is judged as one that named no version."""
    form = opened_form(page["client"], page["url"])
    response = page["client"].post(page["url"], form | {"version": version})
    assert response.status_code == 302


# A field other than the one changed meanwhile, and what the person types into it.
TYPED_ELSEWHERE = {
    "opportunity": ("need", "ჩემი საჭიროება"),
    "project": ("goal", "ჩემი მიზანი"),
    "obligation": ("due_date", "2027-03-31"),
    "need": ("description", "ჩემი აღწერა"),
    "training": ("place", "თბილისი"),
    "meeting": ("place", "თბილისი"),
}


def test_saving_again_after_a_refusal_keeps_what_someone_else_saved_in_fields_left_alone(
    page: dict[str, Any],
) -> None:
    """The refused form still holds the old value of the field someone else changed; saving
    it again stores only what this person changed, so the other change is not reverted."""
    record, title = page["record"], page["title"]
    field, typed = TYPED_ELSEWHERE[page["name"]]
    form = opened_form(page["client"], page["url"])
    page["meanwhile"]()  # someone else renames the record
    refused = page["client"].post(page["url"], form | {field: typed})
    assert refused.status_code == 409
    again = page["client"].post(page["url"], form | {field: typed, "version": "2"})

    assert again.status_code == 302
    stored = type(record).objects.get(pk=record.pk)
    assert getattr(stored, title) == "სხვისი სათაური"
    assert str(getattr(stored, field)) == typed
    if (edits := _edits(stored)) is not None:
        assert list(edits.order_by("id").last().changes) == [field]


def test_a_meeting_saved_from_two_tabs_keeps_the_place_one_saved_and_the_title_the_other_did(
    coordinator: User, unit: Any
) -> None:
    """Tab A saves a new place; tab B, opened before, changed only the title: B is refused
    with the stored place beside its own, and saving B again keeps A's place."""
    meeting, _meanwhile = _meeting(coordinator=coordinator, unit=unit)
    url = f"/meetings/{meeting.pk}/edit/"
    tab_a, tab_b = signed_in(coordinator), signed_in(coordinator)
    form_a, form_b = opened_form(tab_a, url), opened_form(tab_b, url)

    assert tab_a.post(url, form_a | {"place": "ოთახი 12"}).status_code == 302
    refused = tab_b.post(url, form_b | {"title": "ახალი სათაური"})

    body = refused.content.decode()
    assert refused.status_code == 409
    assert STALE in body
    assert "<td>ოთახი 12</td><td>ოთახი 5</td>" in body
    stored = CoordinationMeeting.objects.get(pk=meeting.pk)
    assert (stored.title, stored.place, stored.version) == ("საწყისი სათაური", "ოთახი 12", 2)

    again = tab_b.post(url, form_b | {"title": "ახალი სათაური", "version": "2"})
    assert again.status_code == 302
    stored = CoordinationMeeting.objects.get(pk=meeting.pk)
    assert (stored.title, stored.place, stored.version) == ("ახალი სათაური", "ოთახი 12", 3)
    assert list(stored.attendee_units.all()) == [unit]


# --- A quarter's status on an action-plan activity ----------------------------------------------
# The page opens on one quarter and carries the version of that quarter's report (0: none yet).

APRIL = datetime.datetime(2027, 4, 20, 10, tzinfo=datetime.UTC)
DECEMBER = datetime.datetime(2027, 12, 10, 10, tzinfo=datetime.UTC)


@pytest.fixture
def plan_activity(unit: Any, coordinator: User) -> Activity:
    return department_plan(unit, coordinator).activities.get(number="1.1.1")


def _report(activity: Activity, who: User, quarter: int = 1, **fields: Any) -> ActivityReport:
    values = {"status": "in_progress", "progress": "კითხვარი დაგზავნილია"} | fields
    return activity_report(activity=activity, user=who, quarter=quarter, **values)


def test_a_quarter_corrected_meanwhile_is_refused_with_both_reports_and_the_typing_kept(
    plan_activity: Activity, focal_point: User
) -> None:
    url = f"/action-plans/activities/{plan_activity.pk}/report/"
    with time_machine.travel(APRIL, tick=False):
        _report(plan_activity, focal_point)
        client = signed_in(focal_point)
        form = opened_form(client, url + "?quarter=1")
        assert (form["version"], form["opened_quarter"], form["quarter"]) == ("1", "1", "1")
        # Someone else of the unit corrects the quarter while the page is open.
        _report(plan_activity, focal_point, status="delayed", progress="სხვისი ტექსტი")
        refused = client.post(url, form | {"progress": "ჩემი ტექსტი"})

        body = refused.content.decode()
        assert refused.status_code == 409
        assert STALE in body
        table = body[body.index('id="stale-values"') :]
        assert "<td>სხვისი ტექსტი</td><td>ჩემი ტექსტი</td>" in table
        assert "ჩემი ტექსტი</textarea>" in body
        assert 'name="version" value="2"' in body
        stored = ActivityReport.objects.get()
        assert (stored.status, stored.progress, stored.version) == ("delayed", "სხვისი ტექსტი", 2)

        # Saving again stores what was typed; the status left alone keeps the other's.
        again = client.post(url, form | {"progress": "ჩემი ტექსტი", "version": "2"})
    assert again.status_code == 302
    stored = ActivityReport.objects.get()
    assert (stored.status, stored.progress, stored.version) == ("delayed", "ჩემი ტექსტი", 3)
    assert stored.edits.latest("id").changes == {"progress": ["სხვისი ტექსტი", "ჩემი ტექსტი"]}


def test_a_quarter_reported_meanwhile_is_not_overwritten_by_a_page_opened_before(
    plan_activity: Activity, focal_point: User
) -> None:
    url = f"/action-plans/activities/{plan_activity.pk}/report/?quarter=1"
    with time_machine.travel(APRIL, tick=False):
        client = signed_in(focal_point)
        form = opened_form(client, url)
        assert form["version"] == "0"
        _report(plan_activity, focal_point, progress="სხვისი ტექსტი")
        typed = {"status": "done", "progress": "ჩემი ტექსტი"}
        refused = client.post(url, form | typed)
        body = refused.content.decode()
        assert refused.status_code == 409 and STALE in body
        assert "<td>სხვისი ტექსტი</td><td>ჩემი ტექსტი</td>" in body
        assert 'name="version" value="1"' in body
        assert ActivityReport.objects.get().progress == "სხვისი ტექსტი"
        assert client.post(url, form | typed | {"version": "1"}).status_code == 302
    stored = ActivityReport.objects.get()
    assert (stored.status, stored.progress, stored.version) == ("done", "ჩემი ტექსტი", 2)


def test_a_quarter_reported_while_the_save_is_under_way_is_refused_too(
    plan_activity: Activity, focal_point: User, monkeypatch: Any
) -> None:
    """Someone reports after the page read the quarters and before the save: the service's own
    check under its lock refuses, and the page still shows their report beside the typing."""
    url = f"/action-plans/activities/{plan_activity.pk}/report/?quarter=1"
    original = ActivityReportForm.is_valid

    def is_valid(self: ActivityReportForm) -> bool:
        if not ActivityReport.objects.exists():
            _report(plan_activity, focal_point, progress="სხვისი ტექსტი")
        return original(self)

    with time_machine.travel(APRIL, tick=False):
        client = signed_in(focal_point)
        form = opened_form(client, url)
        monkeypatch.setattr(ActivityReportForm, "is_valid", is_valid)
        refused = client.post(url, form | {"status": "done", "progress": "ჩემი ტექსტი"})
    body = refused.content.decode()
    assert refused.status_code == 409 and STALE in body
    assert "<td>სხვისი ტექსტი</td><td>ჩემი ტექსტი</td>" in body
    assert ActivityReport.objects.get().progress == "სხვისი ტექსტი"


def test_a_quarter_saved_on_the_version_stored_goes_through_and_another_quarter_is_reported(
    plan_activity: Activity, focal_point: User
) -> None:
    url = f"/action-plans/activities/{plan_activity.pk}/report/"
    with time_machine.travel(DECEMBER, tick=False):
        _report(plan_activity, focal_point)
        client = signed_in(focal_point)
        form = opened_form(client, url + "?quarter=1")
        assert client.post(url, form | {"status": "done"}).status_code == 302
        # The same form, switched to another quarter, reports that one as typed.
        assert client.post(url, form | {"quarter": "2", "progress": "მეორე"}).status_code == 302
    first, second = ActivityReport.objects.order_by("quarter")
    assert (first.status, first.progress, first.version) == ("done", "კითხვარი დაგზავნილია", 2)
    assert (second.quarter, second.status, second.progress) == (2, "in_progress", "მეორე")


@pytest.mark.parametrize("version", ["²", "-1", ""])
def test_a_quarter_saved_with_a_version_that_is_no_number_saves_without_one(
    plan_activity: Activity, focal_point: User, version: str
) -> None:
    url = f"/action-plans/activities/{plan_activity.pk}/report/?quarter=1"
    with time_machine.travel(APRIL, tick=False):
        _report(plan_activity, focal_point)
        client = signed_in(focal_point)
        form = opened_form(client, url)
        answer = client.post(url, form | {"version": version, "progress": "ახალი"})
    assert answer.status_code == 302
    assert ActivityReport.objects.get().progress == "ახალი"


def test_the_status_page_reads_every_quarters_corrections_at_once(
    plan_activity: Activity, focal_point: User
) -> None:
    url = f"/action-plans/activities/{plan_activity.pk}/report/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with time_machine.travel(DECEMBER, tick=False):
        client = signed_in(focal_point)
        _report(plan_activity, focal_point)
        _report(plan_activity, focal_point, progress="შესწორებული")
        one = queries()
        for quarter in (2, 3, 4):
            _report(plan_activity, focal_point, quarter)
            _report(plan_activity, focal_point, quarter, progress=f"შესწორებული {quarter}")
        four = queries()
        page = client.get(url).content.decode()
    assert four == one
    assert page.count("→ შესწორებული") == 4
