"""What feeds the decision brief: a KPI's commitment indicator (``serves``) and the
department's recommendation, written with the move ``present`` and corrected only by the
department until top management decides — through the services and the API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commitments.models import Commitment, Framework, Indicator
from core.errors import ActionForbidden, StateConflict
from tests.conftest import client_for
from tests.factories import MeetingFactory
from workflow import services
from workflow.models import AgendaItem, Opportunity
from workflow.services.meetings import agenda_add, agenda_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(unit, coordinator) -> Indicator:
    commitment = Commitment.objects.create(
        framework=Framework.objects.get(code="nato-anp"),
        reference="4.2",
        text_ka="სასაზღვრო კონტროლის გაძლიერება",
        responsible_unit=unit,
        created_by=coordinator,
    )
    return Indicator.objects.create(
        commitment=commitment, name="მომზადებული მესაზღვრეები", target=Decimal("300")
    )


@pytest.fixture
def meeting(coordinator):
    return MeetingFactory.create(created_by=coordinator)


class TestKpiServes:
    def test_created_with_the_indicator_it_serves(
        self, focal_point, unit, donor, indicator
    ) -> None:
        opportunity = services.opportunity_create(
            user=focal_point,
            fields={"title": "ტრენინგი", "kind": "training", "donor": donor, "owning_unit": unit},
            kpis=[{"name": "მესაზღვრეები", "target": Decimal("40"), "serves": indicator}],
        )
        assert opportunity.kpis.get().serves == indicator
        assert list(indicator.opportunity_kpis.all()) == [opportunity.kpis.get()]

    def test_history_keeps_which_indicator_a_kpi_serves(
        self, focal_point, make_opportunity, indicator
    ) -> None:
        opportunity = make_opportunity()
        services.opportunity_update(
            opportunity=opportunity,
            user=focal_point,
            fields={},
            kpis=[{"name": "მესაზღვრეები", "target": Decimal("40"), "serves": indicator}],
        )
        old, new = opportunity.edits.get().changes["kpis"]
        assert "serves" not in old[0]  # a KPI serving nothing reads as it always did
        assert new[0]["serves"] == indicator.pk

    def test_through_the_api(self, focal_point, unit, donor, indicator) -> None:
        payload = {
            "title": "ტრენინგი",
            "kind": "training",
            "donor": donor.pk,
            "owning_unit": unit.pk,
            "kpis": [
                {"name": "მესაზღვრეები", "target": "40.00", "serves": indicator.pk},
                {"name": "სახელმძღვანელო", "target": "1.00"},
            ],
        }
        response = client_for(focal_point).post("/api/opportunities/", payload, format="json")
        assert response.status_code == 201, response.json()
        assert [k["serves"] for k in response.json()["kpis"]] == [indicator.pk, None]
        listed = client_for(focal_point).get("/api/opportunities/").json()["results"][0]
        assert [k["serves"] for k in listed["kpis"]] == [indicator.pk, None]

    def test_an_unknown_indicator_is_refused(self, focal_point, unit, donor) -> None:
        payload = {
            "title": "ტრენინგი",
            "kind": "training",
            "donor": donor.pk,
            "owning_unit": unit.pk,
            "kpis": [{"name": "მესაზღვრეები", "target": "40.00", "serves": 999999}],
        }
        response = client_for(focal_point).post("/api/opportunities/", payload, format="json")
        assert response.status_code == 400
        assert not Opportunity.objects.exists()


class TestRecommendationWhenPresenting:
    def test_the_agenda_outcome_carries_it(self, coordinator, meeting, make_opportunity) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        agenda_record(
            item=item,
            user=coordinator,
            outcome="presented",
            notes="მხარდაჭერილია",
            ird_recommendation="  დამტკიცება რეკომენდებულია  ",
        )
        opportunity.refresh_from_db()
        assert opportunity.state == "presented"
        assert opportunity.ird_recommendation == "დამტკიცება რეკომენდებულია"

    def test_a_deferred_item_keeps_none(self, coordinator, meeting, make_opportunity) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        agenda_record(
            item=item,
            user=coordinator,
            outcome="deferred",
            notes="საჭიროა დაზუსტება",
            ird_recommendation="დამტკიცება რეკომენდებულია",
        )
        opportunity.refresh_from_db()
        assert opportunity.ird_recommendation == ""

    def test_through_the_api_move(self, coordinator, meeting, make_opportunity) -> None:
        opportunity = make_opportunity()
        AgendaItem.objects.create(meeting=meeting, opportunity=opportunity)
        response = client_for(coordinator).post(
            f"/api/opportunities/{opportunity.pk}/transitions/present/",
            {"meeting": meeting.pk, "ird_recommendation": "უარის თქმა რეკომენდებულია"},
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["ird_recommendation"] == "უარის თქმა რეკომენდებულია"

    def test_an_empty_one_leaves_what_was_written(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity(ird_recommendation="უკვე დაწერილი")
        services.opportunity_transition(
            opportunity=opportunity, user=coordinator, name="present", ird_recommendation=" "
        )
        opportunity.refresh_from_db()
        assert opportunity.ird_recommendation == "უკვე დაწერილი"

    def test_read_only_in_the_api(self, focal_point, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity()
        for who in (focal_point, coordinator):
            response = client_for(who).patch(
                f"/api/opportunities/{opportunity.pk}/",
                {"ird_recommendation": "ჩემი რეკომენდაცია"},
                format="json",
            )
            assert response.status_code == 200
        opportunity.refresh_from_db()
        assert opportunity.ird_recommendation == ""


class TestRecommendationCorrected:
    def test_by_the_department_while_waiting(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity(state="presented", ird_recommendation="პირველი")
        services.opportunity_update(
            opportunity=opportunity, user=coordinator, fields={"ird_recommendation": "მეორე"}
        )
        opportunity.refresh_from_db()
        assert (opportunity.state, opportunity.ird_recommendation) == ("presented", "მეორე")
        assert opportunity.edits.get().changes == {"ird_recommendation": ["პირველი", "მეორე"]}

    def test_not_by_the_unit_when_registering(self, focal_point, unit, donor) -> None:
        with pytest.raises(ActionForbidden):
            services.opportunity_create(
                user=focal_point,
                fields={
                    "title": "ტრენინგი",
                    "kind": "training",
                    "donor": donor,
                    "owning_unit": unit,
                    "ird_recommendation": "დაამტკიცეთ",
                },
            )
        assert not Opportunity.objects.exists()

    def test_not_by_the_unit(self, focal_point, make_opportunity) -> None:
        for state in ("identified", "presented"):
            opportunity = make_opportunity(state=state)
            with pytest.raises(ActionForbidden):
                services.opportunity_update(
                    opportunity=opportunity, user=focal_point, fields={"ird_recommendation": "x"}
                )

    def test_not_after_the_decision(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity(state="approved", ird_recommendation="პირველი")
        with pytest.raises(StateConflict):
            services.opportunity_update(
                opportunity=opportunity, user=coordinator, fields={"ird_recommendation": "გვიან"}
            )
        opportunity.refresh_from_db()
        assert opportunity.ird_recommendation == "პირველი"

    def test_nothing_else_changes_while_waiting(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity(state="presented", title="უცვლელი")
        with pytest.raises(StateConflict):
            services.opportunity_update(
                opportunity=opportunity,
                user=coordinator,
                fields={"ird_recommendation": "ახალი", "title": "შეცვლილი"},
            )
        with pytest.raises(StateConflict):
            services.opportunity_update(
                opportunity=opportunity,
                user=coordinator,
                fields={"ird_recommendation": "ახალი"},
                kpis=[{"name": "ახალი KPI", "target": Decimal("3")}],
            )
        opportunity.refresh_from_db()
        assert (opportunity.title, opportunity.ird_recommendation) == ("უცვლელი", "")
