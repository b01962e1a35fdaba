"""What a person typed survives a refused move on an opportunity (its page, its decision brief
and the decision inbox) and on a project's progress report, as it does on an obligation: a
move the item still offers opens again with the typing in its fields; a move it no longer
offers (another tab moved it first) is named "not done" with the typing read-only to copy;
and the browser is told the page's own address, so reloading reads the page."""

from __future__ import annotations

import datetime
import re

import pytest

from core.models import User
from projects.models import (
    ProgressReport,
    Project,
    ProjectParticipant,
    ProjectResult,
    ResultIndicator,
)
from projects.services.progress import progress_report_decide, progress_report_submit
from tests.factories import ProjectFactory
from tests.web import signed_in
from workflow.models import Opportunity
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db
TYPED_COMMENT = "დონორმა მოითხოვა ბიუჯეტის დაზუსტება, ვადა ორი კვირა"
TYPED_RECOMMENDATION = "გირჩევთ დამტკიცებას: პასუხობს ასოცირების დღის წესრიგს"
RETURN_REASON = "აკლია მეორე კვარტალის ხარჯების ცხრილი"
TYPED_PROGRESS = "გადამზადდა 20 ოფიცერი, შეძენილია ორი პატრულის მანქანა"


def _between(page: str, start: str, end: str) -> str:
    part = page[page.index(start) :]
    return part[: part.index(end)]


def _kept(card: str) -> list[str]:
    """The read-only texts a "not done" card holds, in order."""
    return re.findall(r"<textarea[^>]*readonly[^>]*>([^<]*)</textarea>", card)


def _presented(make_opportunity) -> Opportunity:
    opportunity = make_opportunity()
    Opportunity.objects.filter(pk=opportunity.pk).update(state=Opportunity.State.PRESENTED)
    opportunity.refresh_from_db()
    return opportunity


class TestAnOpportunitysMove:
    def test_refused_after_another_tab_decided_keeps_the_comment_to_copy(
        self, make_opportunity, minister: User
    ) -> None:
        opportunity = _presented(make_opportunity)
        # Tab A approves; tab B, opened before, then rejects it with a comment.
        opportunity_transition(opportunity=opportunity, user=minister, name="approve")
        response = signed_in(minister).post(
            f"/opportunities/{opportunity.pk}/transitions/reject/", {"comment": TYPED_COMMENT}
        )

        assert response.status_code == 409
        page = response.content.decode()
        card = _between(page, 'id="refused"', "</section>")
        assert "არ შესრულდა: უარყოფა" in card
        assert _kept(card) == [TYPED_COMMENT]
        assert f'data-page-address="/opportunities/{opportunity.pk}/"' in page
        opportunity.refresh_from_db()
        assert opportunity.state == Opportunity.State.APPROVED

    def test_a_presentation_refused_after_a_withdrawal_keeps_the_recommendation(
        self, make_opportunity, coordinator: User
    ) -> None:
        opportunity = make_opportunity()
        opportunity_transition(
            opportunity=opportunity, user=coordinator, name="withdraw", comment="x"
        )
        response = signed_in(coordinator).post(
            f"/opportunities/{opportunity.pk}/transitions/present/",
            {"ird_recommendation": TYPED_RECOMMENDATION, "comment": TYPED_COMMENT},
        )

        assert response.status_code == 409
        card = _between(response.content.decode(), 'id="refused"', "</section>")
        assert "არ შესრულდა: წარდგენილად მონიშვნა" in card
        assert _kept(card) == [TYPED_RECOMMENDATION, TYPED_COMMENT]

    def test_a_move_still_offered_opens_again_with_what_was_typed(
        self, make_opportunity, coordinator: User
    ) -> None:
        opportunity = make_opportunity(state=Opportunity.State.IN_COMMUNICATION)
        # No amount: the move is refused, but the item still offers it.
        response = signed_in(coordinator).post(
            f"/opportunities/{opportunity.pk}/transitions/start_monitoring/",
            {"funding_start_date": "2026-11-02", "comment": TYPED_COMMENT},
        )

        assert response.status_code == 400
        page = response.content.decode()
        assert 'id="refused"' not in page
        action = f'action="/opportunities/{opportunity.pk}/transitions/start_monitoring/"'
        form = _between(page, '<details class="action" open>', "</details>")
        assert action in form
        assert 'value="2026-11-02"' in form
        assert f">{TYPED_COMMENT}</textarea>" in form
        assert 'role="alert"' in form  # why, beside the fields
        assert f'data-page-address="/opportunities/{opportunity.pk}/"' in page


class TestADecision:
    def test_on_the_brief_after_another_tab_decided_keeps_the_comment(
        self, make_opportunity, minister: User
    ) -> None:
        opportunity = _presented(make_opportunity)
        opportunity_transition(opportunity=opportunity, user=minister, name="approve")
        response = signed_in(minister).post(
            f"/decisions/{opportunity.pk}/", {"decision": "reject", "comment": TYPED_COMMENT}
        )

        assert response.status_code == 400
        page = response.content.decode()
        card = _between(page, 'id="refused"', "</section>")
        assert "არ შესრულდა: უარყოფა" in card
        assert _kept(card) == [TYPED_COMMENT]
        # Posted to the brief's own address: reloading it must not decide again.
        assert f'data-page-address="/decisions/{opportunity.pk}/"' in page

    def test_in_the_inbox_when_nothing_waits_any_more_keeps_the_comment(
        self, make_opportunity, minister: User
    ) -> None:
        opportunity = _presented(make_opportunity)
        opportunity_transition(opportunity=opportunity, user=minister, name="approve")
        response = signed_in(minister).post(
            "/decisions/",
            {"selected": [str(opportunity.pk)], "decision": "reject", "comment": TYPED_COMMENT},
        )

        assert response.status_code == 400
        page = response.content.decode()
        card = _between(page, 'id="refused"', "</div>")
        assert _kept(card) == [TYPED_COMMENT]
        assert 'data-page-address="/decisions/"' in page


@pytest.fixture
def project(coordinator: User, unit) -> Project:
    project = ProjectFactory.create(
        created_by=coordinator,
        next_report_due=datetime.date(2026, 12, 31),
        report_periodicity="quarterly",
    )
    ProjectParticipant.objects.create(project=project, role="4", unit=unit)
    return project


@pytest.fixture
def indicator(project: Project) -> ResultIndicator:
    result = ProjectResult.objects.create(project=project, title="შედეგი")
    return ResultIndicator.objects.create(result=result, title="პატრულები", target=50)


def _submitted(project: Project, focal_point: User) -> ProgressReport:
    return progress_report_submit(
        project=project,
        user=focal_point,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        progress="პირველი კვარტალი",
    )


class TestAProgressReportsMove:
    def test_a_return_refused_after_another_tab_accepted_keeps_the_reason(
        self, project, focal_point: User, coordinator: User
    ) -> None:
        report = _submitted(project, focal_point)
        progress_report_decide(report=report, user=coordinator, name="accept")
        response = signed_in(coordinator).post(
            f"/projects/{project.pk}/progress/{report.pk}/return_for_revision/",
            {"comment": RETURN_REASON},
        )

        assert response.status_code == 409
        page = response.content.decode()
        card = _between(page, 'id="refused"', "</section>")
        assert "არ შესრულდა: დაბრუნება გადასამუშავებლად" in card
        assert _kept(card) == [RETURN_REASON]
        assert f'data-page-address="/projects/{project.pk}/"' in page
        report.refresh_from_db()
        assert report.state == ProgressReport.State.ACCEPTED

    def test_a_report_refused_once_none_is_due_keeps_what_was_typed(
        self, project, indicator, focal_point: User
    ) -> None:
        # Another tab stopped the project's reporting meanwhile.
        Project.objects.filter(pk=project.pk).update(next_report_due=None)
        response = signed_in(focal_point).post(
            f"/projects/{project.pk}/progress/",
            {
                "period_start": "2026-10-01",
                "period_end": "2026-12-31",
                "progress": TYPED_PROGRESS,
                f"actual-{indicator.pk}": "20",
            },
        )

        assert response.status_code == 409
        page = response.content.decode()
        card = _between(page, 'id="refused"', "</section>")
        assert "არ შესრულდა: პროგრესის ანგარიშის წარდგენა" in card
        assert _kept(card) == ["2026-10-01", "2026-12-31", TYPED_PROGRESS, "20"]
        assert f'data-page-address="/projects/{project.pk}/"' in page
        assert not project.progress_reports.exists()

    def test_a_report_refused_for_a_bad_actual_keeps_the_actuals_in_the_form(
        self, project, indicator, focal_point: User
    ) -> None:
        response = signed_in(focal_point).post(
            f"/projects/{project.pk}/progress/",
            {
                "period_start": "2026-10-01",
                "period_end": "2026-12-31",
                "progress": TYPED_PROGRESS,
                f"actual-{indicator.pk}": "ოცი",
            },
        )

        assert response.status_code == 400
        page = response.content.decode()
        assert 'id="refused"' not in page
        form = _between(page, f'action="/projects/{project.pk}/progress/#progress"', "</form>")
        assert f'id="actual-{indicator.pk}" inputmode="decimal" value="ოცი"' in form
        assert f"{TYPED_PROGRESS}</textarea>" in form
        assert f'data-page-address="/projects/{project.pk}/"' in page
