"""What every item's page shows above its content: the breadcrumbs to it (its register, then
the item) and the line that says where it stands, the date it answers to, what comes next and
whose move it is; and the way between a monitored opportunity and its project."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal
from typing import cast

import pytest
import time_machine
from django.utils import translation

from actionplans.models import ActionPlan, ActivityReport
from actionplans.services import activity_report
from commitments.models import Commitment, Framework
from commitments.services import CommitmentFields, commitment_create
from core.models import OrganisationalUnit, User
from core.next_steps import Step, Whose
from needs.models import Need
from projects.models import Obligation, Project
from tests.actionplans.plans import department_plan
from tests.factories import MeetingFactory, ProjectFactory
from tests.web import opened_form, signed_in
from trainings.models import Training
from workflow.lifecycle import transitions_by_name
from workflow.models import AgendaItem, CoordinationMeeting, KeyPerformanceIndicator, Opportunity
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)


def _page(user: User, url: str) -> str:
    response = signed_in(user).get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _crumbs(page: str) -> list[tuple[str, str]]:
    """The breadcrumbs: (address, words) of each, the page itself with no address."""
    found = re.search(
        r'<nav class="breadcrumbs" aria-label="[^"]+"><ol>(.*?)</ol></nav>', page, re.S
    )
    assert found, "no breadcrumbs"
    crumbs = []
    for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S):
        link = re.match(r'<a href="([^"]+)">(.*)</a>', item)
        if link:
            crumbs.append((link.group(1), link.group(2)))
        else:
            crumbs.append(("", re.sub(r"<[^>]+>", "", item)))
    return crumbs


def _next_step(page: str) -> str:
    found = re.search(r'<p class="next-step">(.*?)</p>', page, re.S)
    assert found, "no next-step line"
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


def _ka(text: object) -> str:
    with translation.override("ka"):
        return str(text)


def _step(step: Step) -> str:
    return _ka(step.text)


# --- Opportunities ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "whose"),
    [
        ("identified", Whose.DEPARTMENT),
        ("presented", Whose.TOP_MANAGEMENT),
        ("approved", Whose.UNIT),
        ("in_communication", Whose.UNIT),
    ],
)
def test_an_opportunity_says_what_comes_next_and_whose(
    state, whose, make_opportunity, unit, viewer
) -> None:
    opportunity = make_opportunity(state=state, application_deadline=D(2027, 3, 12))
    page = _page(viewer, f"/opportunities/{opportunity.pk}/")
    assert _crumbs(page) == [("/register/", "რეესტრი"), ("", opportunity.reference)]
    line = _next_step(page)
    assert line.startswith(_ka(opportunity.get_state_display()))
    assert _step(Opportunity.NEXT_STEPS[state]) in line
    # The unit's focal point is named by the unit.
    assert (unit.name if whose == Whose.UNIT else _ka(whose.label)) in line
    # The donor's deadline counts until top management approves.
    assert ("12.03.2027" in line) is (state in Opportunity.BEFORE_APPROVAL)


def test_a_past_donor_deadline_reads_overdue(make_opportunity, viewer) -> None:
    opportunity = make_opportunity(application_deadline=D(2026, 11, 1))
    with time_machine.travel(NOW, tick=False):
        page = _page(viewer, f"/opportunities/{opportunity.pk}/")
    assert 'class="due-past"' in page and "01.11.2026 (ვადაგადაცილებული)" in _next_step(page)


@pytest.mark.parametrize("state", ["closed", "rejected"])
def test_a_finished_opportunity_says_nothing_more_comes(state, make_opportunity, viewer) -> None:
    opportunity = make_opportunity(state=state, application_deadline=D(2027, 3, 12))
    line = _next_step(_page(viewer, f"/opportunities/{opportunity.pk}/"))
    assert _step(Opportunity.NEXT_STEPS[state]) in line
    assert "12.03.2027" not in line and "(" not in line  # no date, nobody's move


def test_the_next_steps_follow_the_lifecycle() -> None:
    """A state someone moves the item out of names whose move it is; a state no move leaves
    names nobody. Every state has its step."""
    leaving = {t.source for moves in transitions_by_name().values() for t in moves}
    for state in Opportunity.State:
        step = Opportunity.NEXT_STEPS[state]
        assert (step.whose is not None) is (state in leaving), state
    assert Opportunity.NEXT_STEPS[Opportunity.State.PRESENTED].whose == Whose.TOP_MANAGEMENT


def test_every_status_has_its_step() -> None:
    for model, states in [
        (Obligation, Obligation.State),
        (Need, Need.Status),
        (Commitment, Commitment.Status),
        (ActivityReport, ActivityReport.Status),
        (Training, Training.Phase),
        (CoordinationMeeting, CoordinationMeeting.Phase),
    ]:
        assert set(model.NEXT_STEPS) == set(states), model
    assert set(Project.NEXT_STEPS) == {"1", "2", "3", "4", "5", "6"}
    for state in Obligation.SETTLED:
        assert Obligation.NEXT_STEPS[state].whose is None


# --- A monitored opportunity and its project -------------------------------------------------


def test_a_monitored_opportunity_links_its_project_and_back(
    make_opportunity, focal_point, viewer
) -> None:
    opportunity = make_opportunity(state="in_communication")
    opportunity_transition(
        opportunity=opportunity,
        user=focal_point,
        name="start_monitoring",
        confirmed_amount=Decimal("250000"),
        confirmed_currency="EUR",
        funding_start_date=D(2026, 12, 1),
    )
    project = Project.objects.get(opportunity=opportunity)
    page = _page(viewer, f"/opportunities/{opportunity.pk}/")
    assert f'<a href="/projects/{project.pk}/">{project.title_ka}</a>' in page
    line = _next_step(page)
    assert line.startswith(_ka(Opportunity.State.MONITORED.label))
    assert "სსიპ – შსს აკადემია" in line
    back = _page(viewer, f"/projects/{project.pk}/")
    assert f'<a href="/opportunities/{opportunity.pk}/">{opportunity.reference}</a>' in back


def test_an_opportunity_whose_kpis_were_changed_still_opens(make_opportunity, focal_point):
    """The page lists the edit, a changed KPI among its fields (the history keeps KPIs as rows
    of values)."""
    opportunity = make_opportunity()
    client = signed_in(focal_point)
    url = f"/opportunities/{opportunity.pk}/edit/"
    assert client.post(url, opened_form(client, url) | {"kpi-0-target": "60"}).status_code == 302
    assert [k.target for k in opportunity.kpis.all()] == [Decimal(60)]
    page = _page(focal_point, f"/opportunities/{opportunity.pk}/")
    assert _ka(KeyPerformanceIndicator._meta.verbose_name_plural) in page


def test_an_opportunity_without_a_project_links_none(make_opportunity, viewer) -> None:
    opportunity = make_opportunity(state="approved")
    assert not re.search(
        r'href="/projects/\d+/"', _page(viewer, f"/opportunities/{opportunity.pk}/")
    )


# --- Projects and obligations ----------------------------------------------------------------


def test_a_project_names_the_next_report_and_the_implementing_unit(
    coordinator, unit, viewer
) -> None:
    project = ProjectFactory.create(
        created_by=coordinator, title_ka="სასაზღვრო პროექტი", next_report_due=D(2027, 1, 31)
    )
    project.participants.create(role="4", unit=unit)
    page = _page(viewer, f"/projects/{project.pk}/")
    assert _crumbs(page) == [("/projects/", "პროექტები"), ("", "სასაზღვრო პროექტი")]
    line = _next_step(page)
    assert _step(Project.NEXT_STEPS["2"]) in line
    assert "31.01.2027" in line and "სსიპ – შსს აკადემია" in line


def test_a_closed_project_says_it_has_ended(coordinator, viewer) -> None:
    project = ProjectFactory.create(created_by=coordinator, status="4")
    line = _next_step(_page(viewer, f"/projects/{project.pk}/"))
    assert _step(Project.NEXT_STEPS["4"]) in line


def test_an_obligation_says_when_it_is_due_and_who_reports_it(
    make_obligation, coordinator, viewer
) -> None:
    obligation = make_obligation(due_date=D(2027, 3, 12))
    page = _page(viewer, f"/obligations/{obligation.pk}/")
    crumbs = _crumbs(page)
    assert crumbs[0] == ("/obligations/", "ვალდებულებები") and "12.03.2027" in crumbs[1][1]
    line = _next_step(page)
    assert line.startswith(_ka(Obligation.State.OPEN.label)) and "12.03.2027" in line
    assert _step(Obligation.NEXT_STEPS["open"]) in line and "სსიპ – შსს აკადემია" in line


def test_a_submitted_obligation_waits_for_the_department(
    make_obligation, focal_point, viewer
) -> None:
    from projects.services.obligations import obligation_transition

    obligation = make_obligation(due_date=D(2027, 3, 12))
    obligation_transition(obligation=obligation, user=focal_point, name="submit", report="მზადაა")
    line = _next_step(_page(viewer, f"/obligations/{obligation.pk}/"))
    assert _step(Obligation.NEXT_STEPS["submitted"]) in line
    assert _ka(Whose.DEPARTMENT.label) in line
    assert "12.03.2027" not in line  # handed in: no longer late


# --- Needs, trainings, meetings --------------------------------------------------------------


def test_a_need_and_a_training_show_where_they_stand(
    unit: OrganisationalUnit, coordinator, viewer
) -> None:
    need = Need.objects.create(
        title="პატრულის ავტომობილები", source="aa", responsible_unit=unit, created_by=coordinator
    )
    page = _page(viewer, f"/needs/{need.pk}/")
    assert _crumbs(page) == [("/needs/", "საჭიროებების სია"), ("", "პატრულის ავტომობილები")]
    assert _step(Need.NEXT_STEPS["open"]) in _next_step(page)

    training = Training.objects.create(
        name="საზღვრის მართვის კურსი",
        organiser="FRONTEX",
        unit=unit,
        start_date=D(2027, 5, 3),
        end_date=D(2027, 5, 7),
        duration_days=Decimal(5),
        country="პოლონეთი",
        created_by=coordinator,
    )
    with time_machine.travel(NOW, tick=False):
        page = _page(viewer, f"/trainings/{training.pk}/")
    assert _crumbs(page) == [("/trainings/", "ტრენინგები"), ("", "საზღვრის მართვის კურსი")]
    line = _next_step(page)
    assert _step(Training.NEXT_STEPS["planned"]) in line and "03.05.2027" in line
    with time_machine.travel(datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC), tick=False):
        line = _next_step(_page(viewer, f"/trainings/{training.pk}/"))
    assert _step(Training.NEXT_STEPS["held"]) in line and "03.05.2027" not in line


def test_a_meeting_says_what_the_department_does_next(
    make_opportunity, coordinator, viewer
) -> None:
    meeting = MeetingFactory.create(
        title="ნოემბრის შეხვედრა",
        starts_at=datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC),
        created_by=coordinator,
    )
    AgendaItem.objects.create(meeting=meeting, opportunity=make_opportunity(), position=1)
    with time_machine.travel(NOW, tick=False):
        page = _page(viewer, f"/meetings/{meeting.pk}/")
    assert _crumbs(page) == [("/meetings/", "შეხვედრები"), ("", "ნოემბრის შეხვედრა")]
    line = _next_step(page)
    assert _step(CoordinationMeeting.NEXT_STEPS["upcoming"]) in line and "25.11.2026" in line
    with time_machine.travel(datetime.datetime(2026, 11, 26, tzinfo=datetime.UTC), tick=False):
        line = _next_step(_page(viewer, f"/meetings/{meeting.pk}/"))
    assert _step(CoordinationMeeting.NEXT_STEPS["to_record"]) in line


# --- Commitments and action plans ------------------------------------------------------------


def test_a_commitment_names_its_next_status_report(unit, coordinator, viewer) -> None:
    with time_machine.travel(NOW, tick=False):
        commitment = commitment_create(
            user=coordinator,
            fields=cast(
                CommitmentFields,
                {
                    "framework": Framework.objects.get(code="eu-aa"),
                    "reference": "მუხლი 14.2",
                    "text_ka": "სტრატეგიის განხორციელება",
                    "responsible_unit": unit,
                },
            ),
            indicators=[],
        )
        page = _page(viewer, f"/commitments/{commitment.pk}/")
    crumbs = _crumbs(page)
    assert crumbs[0] == ("/commitments/", "საერთაშორისო ვალდებულებები")
    assert crumbs[1] == ("", str(commitment))
    due = Obligation.objects.get(commitment=commitment).due_date
    line = _next_step(page)
    assert _step(Commitment.NEXT_STEPS["not_assessed"]) in line
    assert f"{due:%d.%m.%Y}" in line and "სსიპ – შსს აკადემია" in line


def test_a_plan_and_its_activity_show_the_way_back_and_the_quarter_owed(
    unit, coordinator, focal_point, viewer
) -> None:
    plan = department_plan(unit, coordinator)
    activity = plan.activities.get(number="1.1.1")
    april = datetime.datetime(2027, 4, 20, 10, tzinfo=datetime.UTC)
    with time_machine.travel(april, tick=False):
        page = _page(viewer, f"/action-plans/{plan.pk}/")
        assert _crumbs(page) == [("/action-plans/", "სამოქმედო გეგმები"), ("", plan.title)]
        assert _step(ActionPlan.REPORT_STEP) in _next_step(page)

        page = _page(viewer, f"/action-plans/activities/{activity.pk}/report/")
        assert _crumbs(page)[:2] == [
            ("/action-plans/", "სამოქმედო გეგმები"),
            (f"/action-plans/{plan.pk}/", plan.title),
        ]
        line = _next_step(page)
        assert _step(ActivityReport.NEXT_STEPS["in_progress"]) in line
        assert "სსიპ – შსს აკადემია" in line

        activity_report(
            activity=activity, user=focal_point, quarter=1, status="done", progress="შესრულდა"
        )
        line = _next_step(_page(viewer, f"/action-plans/activities/{activity.pk}/report/"))
    assert line.startswith(_ka(ActivityReport.Status.DONE.label))
    assert _step(ActivityReport.NEXT_STEPS["done"]) in line


def test_a_finished_plan_year_says_so(unit, coordinator, viewer) -> None:
    plan = department_plan(unit, coordinator)
    with time_machine.travel(datetime.datetime(2028, 3, 1, tzinfo=datetime.UTC), tick=False):
        line = _next_step(_page(viewer, f"/action-plans/{plan.pk}/"))
    assert _step(ActionPlan.YEAR_OVER_STEP) in line


# --- Pages under an item ---------------------------------------------------------------------


def test_an_edit_form_leads_back_to_its_item(make_opportunity, focal_point, donor, coordinator):
    opportunity = make_opportunity()
    page = _page(focal_point, f"/opportunities/{opportunity.pk}/edit/")
    assert _crumbs(page) == [
        ("/register/", "რეესტრი"),
        (f"/opportunities/{opportunity.pk}/", opportunity.reference),
        ("", "რედაქტირება"),
    ]
    page = _page(coordinator, f"/donors/{donor.pk}/priorities/")
    assert _crumbs(page)[:2] == [("/donors/", "დონორები და პარტნიორები"), ("", donor.name)]
