"""The action-plan pages by role: the list with completion, a plan as it is printed with each
quarter's status, its forms, next year's copy, the quarterly status form, the exports (plan and
report, XLSX and PDF) and the import with its refusals listed per row."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from actionplans.layout import COLUMNS, PRINTED
from actionplans.models import ActionPlan, Activity, ActivityReport
from actionplans.services import activity_report, activity_update, plan_create, section_add
from tests.actionplans.plans import department_plan
from tests.actionplans.seed_plan import plan_2017_rows
from tests.web import opened_form, signed_in

pytestmark = pytest.mark.django_db

APRIL = datetime.datetime(2027, 4, 20, 10, tzinfo=datetime.UTC)


@pytest.fixture
def plan(unit, coordinator) -> ActionPlan:
    return department_plan(unit, coordinator)


@pytest.fixture
def activity(plan) -> Activity:
    return plan.activities.get(number="1.1.1")


@pytest.fixture
def reported(activity, focal_point) -> ActivityReport:
    with time_machine.travel(APRIL, tick=False):
        return activity_report(
            activity=activity,
            user=focal_point,
            quarter=1,
            status="in_progress",
            progress="კითხვარი დაგზავნილია",
            actual=Decimal(3),
        )


# --- Reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "adds"), [("viewer", False), ("coordinator", True), ("focal_point", True)]
)
def test_the_list_shows_each_plan_with_its_completion(request, who, adds, plan, reported) -> None:
    page = signed_in(request.getfixturevalue(who)).get("/action-plans/").content.decode()
    assert f'href="/action-plans/{plan.pk}/"' in page and "სამოქმედო გეგმა 2027" in page
    assert ('href="/action-plans/new/"' in page) is adds
    assert ('href="/action-plans/import/"' in page) is adds


def test_the_plan_page_prints_the_sections_activities_and_quarters(plan, reported, viewer) -> None:
    page = signed_in(viewer).get(f"/action-plans/{plan.pk}/").content.decode()
    assert "1.1. დონორული დახმარება" in page and "1.2. პროექტების მართვა" in page
    assert "<strong>1.1.1.</strong> საჭიროებების იდენტიფიცირება" in page
    assert "საინფორმაციო პაკეტი შემუშავებულია" in page and "სამინისტროს დანაყოფები" in page
    assert 'class="state state-in_progress"' in page
    for column in PRINTED:
        assert str(column.label) in page
    assert 'class="table-box"' in page  # the wide table scrolls in its box on a phone
    # A viewer reads; nothing to keep.
    assert f'href="/action-plans/{plan.pk}/edit/"' not in page
    assert "/copy/" not in page


def test_the_plan_page_offers_keeping_to_the_department_and_reporting_to_the_unit(
    plan, coordinator, focal_point
) -> None:
    activity = plan.activities.get(number="1.1.1")
    kept = signed_in(coordinator).get(f"/action-plans/{plan.pk}/").content.decode()
    assert f'href="/action-plans/{plan.pk}/edit/"' in kept
    assert f'action="/action-plans/{plan.pk}/copy/"' in kept
    assert f'href="/action-plans/activities/{activity.pk}/edit/"' in kept
    reporting = signed_in(focal_point).get(f"/action-plans/{plan.pk}/").content.decode()
    assert f'href="/action-plans/{plan.pk}/edit/"' not in reporting
    assert f'href="/action-plans/activities/{activity.pk}/report/"' in reporting


def test_the_detail_page_reads_a_bounded_number_of_queries(plan, coordinator, unit) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actionplans.services import activity_add

    client = signed_in(coordinator)
    client.get(f"/action-plans/{plan.pk}/")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/action-plans/{plan.pk}/").status_code == 200
        return len(queries.captured_queries)

    before = count()
    section = plan.sections.get(number="1.2")
    for n in range(2, 12):
        activity_add(
            plan=plan,
            user=coordinator,
            fields={
                "section": section,
                "number": f"1.2.{n}",
                "text": "t",
                "responsible_unit": unit,
            },
        )
    assert count() == before


# --- Keeping -------------------------------------------------------------------------------------


def test_who_keeps_no_plan_gets_no_form(plan, viewer, focal_point, other_unit_focal_point) -> None:
    assert signed_in(viewer).get("/action-plans/new/").status_code == 403
    assert signed_in(viewer).get("/action-plans/import/").status_code == 403
    # The department's plan is the department's.
    for who in (focal_point, other_unit_focal_point):
        client = signed_in(who)
        assert client.get(f"/action-plans/{plan.pk}/edit/").status_code == 403
        assert client.get(f"/action-plans/{plan.pk}/sections/new/").status_code == 403
        assert client.get(f"/action-plans/{plan.pk}/activities/new/").status_code == 403
        assert client.post(f"/action-plans/{plan.pk}/copy/").status_code == 302
    assert ActionPlan.objects.count() == 1


def test_a_focal_point_makes_a_plan_for_their_unit_only(focal_point, unit, other_unit) -> None:
    client = signed_in(focal_point)
    form = opened_form(client, "/action-plans/new/")
    refused = client.post("/action-plans/new/", form | {"year": "2027", "unit": str(other_unit.pk)})
    assert refused.status_code == 400
    response = client.post("/action-plans/new/", form | {"year": "2027", "unit": str(unit.pk)})
    plan = ActionPlan.objects.get()
    assert response["Location"] == f"/action-plans/{plan.pk}/"
    assert plan.unit == unit and plan.title  # named by its year when no title is typed


def test_sections_and_activities_are_added_and_edited_through_their_forms(
    plan, coordinator, unit
) -> None:
    client = signed_in(coordinator)
    response = client.post(
        f"/action-plans/{plan.pk}/sections/new/", {"number": "2.1.", "title": "ახალი ნაწილი"}
    )
    assert response.status_code == 302
    section = plan.sections.get(number="2.1")
    url = f"/action-plans/{plan.pk}/activities/new/?section={section.pk}"
    form = opened_form(client, url)
    assert form["section"] == str(section.pk)
    wrong = client.post(
        url, form | {"number": "2.2.1", "text": "ტექსტი", "responsible_unit": str(unit.pk)}
    )
    assert wrong.status_code == 400 and "2.2.1" in wrong.content.decode()
    made = client.post(
        url,
        form
        | {
            "number": "2.1.1",
            "text": "ტექსტი",
            "deadline": "2027-06-30",
            "target": "12",
            "responsible_unit": str(unit.pk),
        },
    )
    assert made.status_code == 302
    activity = plan.activities.get(number="2.1.1")
    assert (activity.responsible_unit, activity.target) == (unit, Decimal(12))
    edit_url = f"/action-plans/activities/{activity.pk}/edit/"
    form = opened_form(client, edit_url)
    assert client.post(edit_url, form | {"comments": "შენიშვნა"}).status_code == 302
    activity.refresh_from_db()
    assert activity.comments == "შენიშვნა" and activity.edits.count() == 1
    section_url = f"/action-plans/sections/{section.pk}/edit/"
    form = opened_form(client, section_url)
    assert client.post(section_url, form | {"number": "2.2"}).status_code == 302
    activity.refresh_from_db()
    assert activity.number == "2.2.1"


def test_a_section_renumbered_meanwhile_is_not_undone_by_a_stale_retitle(plan, coordinator) -> None:
    from actionplans.services import section_update

    section = plan.sections.get(number="1.1")
    client = signed_in(coordinator)
    url = f"/action-plans/sections/{section.pk}/edit/"
    form = opened_form(client, url)
    section_update(section=section, user=coordinator, fields={"number": "1.3"})

    stale = client.post(url, form | {"title": "ახალი სათაური"})
    assert stale.status_code == 409 and "ახალი სათაური" in stale.content.decode()
    section.refresh_from_db()
    assert section.number == "1.3"
    # Saved again on purpose, only the title changes: the renumbering stands.
    again = form | {"title": "ახალი სათაური", "version": str(section.version)}
    assert client.post(url, again).status_code == 302
    section.refresh_from_db()
    assert (section.number, section.title) == ("1.3", "ახალი სათაური")


def test_copy_makes_next_years_plan(plan, coordinator) -> None:
    response = signed_in(coordinator).post(f"/action-plans/{plan.pk}/copy/")
    copy = ActionPlan.objects.get(year=2028)
    assert response["Location"] == f"/action-plans/{copy.pk}/"
    assert copy.copied_from == plan and copy.activities.count() == 2
    again = signed_in(coordinator).post(f"/action-plans/{plan.pk}/copy/", follow=True)
    assert ActionPlan.objects.count() == 2 and 'class="error"' in again.content.decode()


# --- Reporting -----------------------------------------------------------------------------------


def test_the_units_focal_point_reports_and_corrects_a_quarter(activity, focal_point) -> None:
    url = f"/action-plans/activities/{activity.pk}/report/"
    with time_machine.travel(APRIL, tick=False):
        client = signed_in(focal_point)
        form = opened_form(client, url)
        response = client.post(
            url, form | {"quarter": "1", "status": "in_progress", "progress": "დაიწყო"}
        )
        assert response.status_code == 302
        form = opened_form(client, url + "?quarter=1")
        assert form["status"] == "in_progress" and form["progress"] == "დაიწყო"
        client.post(url, form | {"status": "done", "progress": "დასრულდა"})
        future = client.post(url, form | {"quarter": "3"})
        assert future.status_code == 400
        page = client.get(url).content.decode()
    report = activity.reports.get()
    assert (report.status, report.version, report.edits.count()) == ("done", 2, 1)
    assert "დაიწყო → დასრულდა" in page


def test_who_is_not_of_the_responsible_unit_reads_the_reports_but_cannot_report(
    activity, reported, other_unit_focal_point, coordinator
) -> None:
    url = f"/action-plans/activities/{activity.pk}/report/"
    for who in (other_unit_focal_point, coordinator):
        client = signed_in(who)
        page = client.get(url)
        assert page.status_code == 200 and "კითხვარი დაგზავნილია" in page.content.decode()
        assert 'name="progress"' not in page.content.decode()
        posted = client.post(url, {"quarter": "1", "status": "done", "progress": "x"})
        assert posted.status_code == 403
    assert activity.reports.get().status == "in_progress"


# --- Exports -------------------------------------------------------------------------------------


def _sheet_rows(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_plan_exports_as_a_workbook_in_the_printed_layout(plan, reported, viewer) -> None:
    response = signed_in(viewer).get(f"/action-plans/{plan.pk}/?export=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = _sheet_rows(response.content)
    # Headed as the 2017 plan is: the ministry, the department, the plan's title.
    assert [row[0] for row in rows[:3]] == [
        "საქართველოს შინაგან საქმეთა სამინისტრო",
        "საერთაშორისო ურთიერთობების დეპარტამენტი",
        plan.title,
    ]
    header = next(row for row in rows if row[0] == str(PRINTED[0].label))
    assert header[:5] == [str(column.label) for column in PRINTED]
    texts = [row[0] for row in rows]
    assert "1.1. დონორული დახმარება" in texts
    activity = next(row for row in rows if str(row[0]).startswith("1.2.1. "))
    assert activity[2] == "IV კვარტალი" and activity[6] == 5


def test_the_report_adds_each_quarters_status(plan, reported, viewer) -> None:
    response = signed_in(viewer).get(f"/action-plans/{plan.pk}/?export=xlsx&report=1")
    rows = _sheet_rows(response.content)
    activity = next(row for row in rows if str(row[0]).startswith("1.1.1. "))
    assert "კითხვარი დაგზავნილია" in str(activity[5]) and activity[6] == "—"
    # Four quarters after the five printed columns, then what reads the plan back.
    assert len(activity) == 9 + len(COLUMNS) - len(PRINTED)


@pytest.mark.parametrize("report", ["", "&report=1"])
def test_the_pdf_opens_and_carries_the_plan(plan, reported, viewer, report) -> None:
    pypdf = pytest.importorskip("pypdf")
    response = signed_in(viewer).get(f"/action-plans/{plan.pk}/?export=pdf{report}")
    assert response["Content-Type"] == "application/pdf"
    document = pypdf.PdfReader(io.BytesIO(response.content))
    page = document.pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    text = "".join(p.extract_text() for p in document.pages)
    assert "1.1.1." in text and "საჭიროებების" in text
    assert ("კითხვარი" in text) is bool(report)


def test_an_activity_longer_than_a_page_is_carried_on_in_the_rows_below(
    plan, activity, coordinator, viewer
) -> None:
    pypdf = pytest.importorskip("pypdf")
    from actionplans.services import activity_update

    activity_update(activity=activity, user=coordinator, fields={"text": "საქმიანობა " * 3000})
    response = signed_in(viewer).get(f"/action-plans/{plan.pk}/?export=pdf")
    assert len(pypdf.PdfReader(io.BytesIO(response.content)).pages) > 3


# --- Import ----------------------------------------------------------------------------------------


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, content: bytes, **fields):
    data = {"year": "2030", "unit": "", "title": "", "responsible_unit": ""} | fields
    data["file"] = SimpleUploadedFile("plan.xlsx", content)
    return client.post("/action-plans/import/", data)


@pytest.fixture
def linked(plan, coordinator, unit) -> Activity:
    """An activity that serves a commitment, two needs and a project."""
    from commitments.models import Framework
    from commitments.services import commitment_create
    from needs.services import need_create
    from projects.services.projects import project_create

    commitment = commitment_create(
        user=coordinator,
        fields={
            "framework": Framework.objects.get(code="vlap"),
            "reference": "ბლოკი 3.2",
            "text_ka": "სავიზო ლიბერალიზაცია",
            "responsible_unit": unit,
        },
    )
    needs = [
        need_create(
            user=coordinator,
            fields={"title": title, "source": "aa", "responsible_unit": unit},
        )
        for title in ("სასაზღვრო აღჭურვილობა; ახალი", "ტრენინგი")
    ]
    project = project_create(
        user=coordinator, fields={"title_ka": "საზღვრის მართვა", "status": "2"}
    )
    activity = plan.activities.get(number="1.1.1")
    return activity_update(
        activity=activity,
        user=coordinator,
        fields={},
        commitments=[commitment],
        needs=needs,
        projects=[project],
    )


def _described(p: ActionPlan) -> list[tuple[object, ...]]:
    sections = [(s.number, s.title) for s in p.sections.order_by("position")]
    activities = [
        (
            a.section.number,
            a.number,
            a.text,
            a.indicator,
            a.target,
            a.deadline_text,
            a.deadline,
            a.responsible_unit_id,
            a.others_involved,
            a.comments,
            sorted(a.commitments.values_list("pk", flat=True)),
            sorted(a.needs.values_list("pk", flat=True)),
            sorted(a.projects.values_list("pk", flat=True)),
        )
        for a in p.activities.select_related("section").order_by("position")
    ]
    return [(p.title, p.unit_id), *sections, *activities]


@pytest.mark.parametrize("report", ["", "&report=1"], ids=["plan", "report"])
def test_an_exported_plan_imports_as_the_same_plan(
    plan, reported, linked, coordinator, report
) -> None:
    client = signed_in(coordinator)
    exported = client.get(f"/action-plans/{plan.pk}/?export=xlsx{report}").content
    response = _upload(client, exported, year="2031", title=plan.title)
    assert response.status_code == 302, response.content.decode()
    imported = ActionPlan.objects.get(year=2031)
    assert response["Location"] == f"/action-plans/{imported.pk}/"
    assert _described(imported) == _described(plan)
    assert imported.activities.get(number="1.1.1").needs.count() == 2
    assert not ActivityReport.objects.filter(activity__plan=imported).exists()


def test_a_link_to_nothing_is_refused_by_its_row(plan, coordinator) -> None:
    content = _workbook(
        [
            [
                "საქმიანობა",
                "ინდიკატორი",
                "პასუხისმგებელი ერთეული",
                "ვალდებულებები, რომელთაც ემსახურება",
            ],
            ["1.1. ნაწილი"],
            ["1.1.1. პირველი", "ა)", plan.activities.first().responsible_unit.code, "EU-AA 99"],
        ]
    )
    response = _upload(signed_in(coordinator), content, year="2031")
    assert response.status_code == 400
    assert "EU-AA 99" in response.content.decode()
    assert not ActionPlan.objects.filter(year=2031).exists()


def test_the_2017_layout_imports_with_continuation_rows(coordinator, unit) -> None:
    content = _workbook(
        [
            ["შინაგან საქმეთა სამინისტრო"],
            ["სამოქმედო გეგმა 2017"],
            ["1. პროექტების მართვის სამმართველო"],
            ["1.1. დონორული დახმარების მოზიდვა"],
            [
                "საქმიანობა",
                "ინდიკატორი",
                "ვადები",
                "სხვა უწყება/ სამინისტროს სხვა სტრუქტურული ერთეული",
                "შენიშვნები/კომენტარები",
            ],
            ["1.1.1. საჭიროებების იდენტიფიცირება", "ა) განსაზღვრულია", "2017 წელი", "დანაყოფები"],
            [
                "1.1.2. დონორ ორგანიზაციებთან თანამშრომლობა",
                "ა) შეხვედრები;",
                "2017 წელი",
                "ორგანიზაციები",
            ],
            [None, "ბ) საჭიროებათა პაკეტი;"],
        ]
    )
    client = signed_in(coordinator)
    response = _upload(client, content, year="2017", responsible_unit=str(unit.pk))
    assert response.status_code == 302, response.content.decode()
    plan = ActionPlan.objects.get(year=2017)
    assert list(plan.sections.values_list("number", flat=True)) == ["1", "1.1"]
    second = plan.activities.get(number="1.1.2")
    assert second.indicator == "ა) შეხვედრები;\nბ) საჭიროებათა პაკეტი;"
    assert second.responsible_unit == unit and second.deadline_text == "2017 წელი"


def test_an_untitled_import_takes_the_workbooks_title_for_its_year_and_names_old_dates(
    coordinator, unit
) -> None:
    content = _workbook(
        [
            ["შინაგან საქმეთა სამინისტრო"],
            ["სამოქმედო გეგმა 2017"],
            ["1.1. დონორული დახმარების მოზიდვა"],
            ["1.1.1. საჭიროებები", "ა)", "2017 წლის განმავლობაში", "", "", unit.code],
            ["1.1.2. შეხვედრები", "ბ)", "ყოველკვარტალურად", "", "", unit.code, "", "30.06.2027"],
            ["1.1.3. ანგარიში", "გ)", "IV კვარტალი", "", "", unit.code, "", "31.12.2017"],
        ]
    )
    client = signed_in(coordinator)
    response = _upload(client, content, year="2027")
    assert response.status_code == 302, response.content.decode()
    plan = ActionPlan.objects.get(year=2027)
    assert plan.title == "სამოქმედო გეგმა 2027"
    page = client.get(response["Location"]).content.decode()
    warning = gettext(
        "The deadline dates of activities %(numbers)s are not in %(year)s. "
        "Check them before the quarters are reported."
    ) % {"numbers": "1.1.1, 1.1.3", "year": 2027}
    assert warning in page


def test_the_ministrys_2017_plan_imports_whole(coordinator, unit) -> None:
    content = _workbook([list(row.cells) for row in plan_2017_rows()])
    response = _upload(signed_in(coordinator), content, year="2017", responsible_unit=str(unit.pk))
    assert response.status_code == 302, response.content.decode()
    plan = ActionPlan.objects.get(year=2017)
    assert plan.title == "სამოქმედო გეგმა 2017"
    assert plan.sections.count() == 17 and plan.activities.count() == 60
    assert plan.activities.get(number="3.2.1.2").section.number == "3.2.1"


def test_a_title_given_on_the_form_is_kept_over_the_workbooks(coordinator, unit) -> None:
    content = _workbook([["სამოქმედო გეგმა 2017"], ["1.1. ნაწილი"]])
    _upload(signed_in(coordinator), content, year="2027", title="ჩვენი გეგმა")
    assert ActionPlan.objects.get(year=2027).title == "ჩვენი გეგმა"


def test_every_wrong_row_is_refused_by_its_number_and_nothing_is_saved(coordinator, unit) -> None:
    book = Workbook()
    sheet = book.active
    for row in [
        ["1.1. ნაწილი"],
        ["1.1.1. კარგი", "ინდიკატორი", "2030", "", "", unit.code],
        ["1.2.1. სხვა ნაწილის", "ინდიკატორი", "2030", "", "", unit.code],
        ["1.1.2. ფორმულა", "x", "2030", "", "", unit.code],
        ["1.1.3. " + "ა" * 5000, "x", "2030", "", "", unit.code],
        ["1.1.1. ორჯერ", "x", "2030", "", "", unit.code],
        ["1.1.4. უცნობი ერთეული", "x", "2030", "", "", "nowhere"],
        ["1.1.5. რიცხვი", "x", "2030", "", "", unit.code, "ბევრი"],
        ["1.1.6. თარიღი", "x", "2030", "", "", unit.code, "", "31.02.2030"],
    ]:
        sheet.append(row)
    sheet["B4"] = "=1+1"  # a formula, as Excel keeps it
    out = io.BytesIO()
    book.save(out)
    response = _upload(signed_in(coordinator), out.getvalue())
    assert response.status_code == 400
    page = response.content.decode()
    for line in (3, 4, 5, 6, 7, 8, 9):
        assert f"<li>{_row(line)}" in page, line
    assert f"<li>{_row(2)}" not in page
    # In the file's order, whether the layout or the service found them.
    listed = [page.index(f"<li>{_row(line)}") for line in (3, 4, 5, 6, 7, 8, 9)]
    assert listed == sorted(listed)
    assert "ბევრი" in page
    assert not ActionPlan.objects.exists() and not Activity.objects.exists()


def _row(line: int) -> str:
    from django.utils.translation import gettext

    return gettext("Row %(row)s: %(reason)s") % {"row": line, "reason": ""}


def test_a_target_too_large_is_named_as_such_not_as_no_number(coordinator, unit) -> None:
    content = _workbook(
        [["1.1. ნაწილი"], ["1.1.1. დიდი", "x", "2030", "", "", unit.code, "1" + "0" * 30]]
    )
    page = _upload(signed_in(coordinator), content).content.decode()
    too_large = gettext("the target “%(value)s” is too large to keep.") % {"value": "1" + "0" * 30}
    assert too_large in page


def test_a_workbook_without_the_layout_names_the_columns_it_needs(coordinator) -> None:
    content = _workbook([["", "1.1. ნაწილი"], ["", "1.1.1. საქმიანობა", "x"]])
    page = _upload(signed_in(coordinator), content).content.decode()
    assert "ინდიკატორი" in page and "ვადები" in page


def test_a_file_that_is_no_workbook_is_refused(coordinator) -> None:
    response = _upload(signed_in(coordinator), b"PK\x03\x04 not really")
    assert response.status_code == 400 and not ActionPlan.objects.exists()


def test_an_import_into_a_year_that_has_its_plan_is_refused(plan, coordinator) -> None:
    content = _workbook([["1.1. ნაწილი"]])
    response = _upload(signed_in(coordinator), content, year="2027")
    assert response.status_code == 400 and ActionPlan.objects.count() == 1


def test_a_unit_plan_import_is_only_for_its_own_keepers(focal_point, other_unit) -> None:
    content = _workbook([["1.1. ნაწილი"]])
    response = _upload(signed_in(focal_point), content, unit=str(other_unit.pk))
    assert response.status_code == 400 and not ActionPlan.objects.exists()


def test_plan_create_is_refused_to_a_viewer_on_the_service_too(viewer) -> None:
    from core.errors import ActionForbidden

    with pytest.raises(ActionForbidden):
        plan_create(user=viewer, fields={"year": 2027})
    with pytest.raises(ActionForbidden):
        section_add(plan=ActionPlan(year=2027), user=viewer, number="1", title="x")
