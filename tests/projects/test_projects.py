"""The project register: direct entry, carry-over from an opportunity, edits and rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from core.errors import ActionBlocked, ActionForbidden
from projects.models import Area, Project, ProjectEdit
from projects.selectors import budget_totals
from projects.services.projects import project_create, project_update
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db
D = datetime.date


def _sida_project(coordinator, donor, unit):
    return project_create(
        user=coordinator,
        fields={
            "title_ka": "საჯარო სექტორის განვითარება",
            "status": "4",
            "actual_start": D(2015, 1, 1),
            "actual_end": D(2017, 12, 31),
            "goal": "საჯარო სერვისების ეფექტური მიწოდება",
        },
        parts={
            "participants": [
                {"role": "1", "donor": donor},
                {"role": "4", "unit": unit},
                {"role": "partner", "name": "ევროპის ფონდი"},
            ],
            "sectors": [{"code": "15110"}],
            "budget_lines": [
                {"amount": Decimal("10000000"), "currency": "SEK", "period_start": D(2015, 1, 1)},
                {"amount": Decimal("4500000"), "currency": "SEK", "period_start": D(2016, 1, 1)},
                {"amount": Decimal("20000"), "currency": "GEL"},
            ],
            "results": [
                {
                    "title": "მუნიციპალური მართვის სისტემა",
                    "indicators": [
                        {"title": "მუნიციპალიტეტები", "baseline": Decimal(0), "target": Decimal(21)}
                    ],
                }
            ],
            "target_areas": list(Area.objects.filter(name_en__in=["Guria", "Shida Kartli"])),
        },
    )


class TestDirectEntry:
    def test_coordinator_enters_a_past_project_with_all_its_parts(
        self, coordinator, donor, unit
    ) -> None:
        project = _sida_project(coordinator, donor, unit)
        assert project.get_status_display() == "დახურული"
        assert {str(p) for p in project.participants.all()} == {
            str(donor),
            str(unit),
            "ევროპის ფონდი",
        }
        assert budget_totals(project) == {"GEL": Decimal("20000"), "SEK": Decimal("14500000")}
        assert project.results.get().indicators.get().target == 21
        assert {a.name_en for a in project.target_areas.all()} == {"Guria", "Shida Kartli"}

    @pytest.mark.parametrize("who", ["focal_point", "minister", "viewer"])
    def test_only_the_department_keeps_the_register(self, who, request) -> None:
        with pytest.raises(ActionForbidden):
            project_create(user=request.getfixturevalue(who), fields={"title_ka": "x"})
        assert not Project.objects.exists()

    @pytest.mark.parametrize(
        ("fields", "parts"),
        [
            ({"title_ka": ""}, {}),
            ({"title_ka": "x", "planned_start": D(2026, 5, 1), "planned_end": D(2026, 4, 1)}, {}),
            ({"title_ka": "x", "public_fields": ["created_by"]}, {}),
            ({"title_ka": "x", "status": "9"}, {}),
            ({"title_ka": "x"}, {"sectors": [{"code": "99999"}]}),
            ({"title_ka": "x"}, {"sectors": [{"code": "15110"}, {"code": "15110"}]}),
            ({"title_ka": "x"}, {"participants": [{"role": "1"}]}),
            ({"title_ka": "x"}, {"budget_lines": [{"amount": Decimal(5), "currency": "XXZ"}]}),
            (
                {"title_ka": "x"},
                {
                    "budget_lines": [
                        {
                            "amount": Decimal(5),
                            "currency": "GEL",
                            "period_start": D(2026, 2, 1),
                            "period_end": D(2026, 1, 1),
                        }
                    ]
                },
            ),
        ],
    )
    def test_bad_entries_are_refused_and_nothing_is_saved(self, coordinator, fields, parts) -> None:
        with pytest.raises(ActionBlocked):
            project_create(user=coordinator, fields=fields, parts=parts)
        assert not Project.objects.exists()

    def test_edits_are_kept_with_what_changed(self, coordinator, donor, unit) -> None:
        project = _sida_project(coordinator, donor, unit)
        project_update(
            project=project,
            user=coordinator,
            fields={
                "title_en": "Public sector development",
                "is_public": True,
                "public_fields": ["goal"],
            },
            parts={"sectors": [{"code": "15110"}, {"code": "15185"}]},
        )
        edit = ProjectEdit.objects.get()
        assert edit.changes["title_en"] == ["", "Public sector development"]
        assert edit.changes["sectors"] == [
            [{"code": "15110"}],
            [{"code": "15110"}, {"code": "15185"}],
        ]
        assert set(edit.changes) == {"title_en", "is_public", "public_fields", "sectors"}


class TestFromOpportunity:
    def test_start_monitoring_carries_the_opportunity_into_the_register(
        self, make_opportunity, focal_point, coordinator, other_unit
    ) -> None:
        opportunity = make_opportunity(state="in_communication", monitoring_periodicity="quarterly")
        opportunity.beneficiary_units.set([other_unit])
        opportunity_transition(
            opportunity=opportunity,
            user=focal_point,
            name="start_monitoring",
            confirmed_amount=Decimal("42000"),
            confirmed_currency="EUR",
            funding_start_date=D(2026, 11, 30),
        )
        project = Project.objects.get(opportunity=opportunity)
        assert project.title_ka == opportunity.title and project.status == "2"
        assert project.actual_start == D(2026, 11, 30)
        assert project.next_report_due == D(2027, 2, 28)
        roles = {(p.role, p.donor_id, p.unit_id) for p in project.participants.all()}
        assert roles == {
            ("1", opportunity.donor_id, None),
            ("4", None, opportunity.owning_unit_id),
            ("partner", None, other_unit.pk),
        }
        assert budget_totals(project) == {"EUR": Decimal("42000")}
        indicator = project.results.get().indicators.get()
        assert (indicator.title, indicator.target) == ("გადამზადებული პირები", 50)

    def test_no_project_when_monitoring_is_refused(self, make_opportunity, focal_point) -> None:
        opportunity = make_opportunity(state="in_communication")
        with pytest.raises(ActionBlocked):
            opportunity_transition(
                opportunity=opportunity, user=focal_point, name="start_monitoring"
            )
        assert not Project.objects.exists()

    def test_closing_the_opportunity_closes_its_project(
        self, make_opportunity, coordinator
    ) -> None:
        opportunity = make_opportunity(
            state="in_communication",
        )
        opportunity_transition(
            opportunity=opportunity,
            user=coordinator,
            name="start_monitoring",
            confirmed_amount=Decimal("1000"),
            confirmed_currency="GEL",
            funding_start_date=D(2026, 1, 10),
        )
        opportunity_transition(
            opportunity=opportunity, user=coordinator, name="close", comment="დასრულდა"
        )
        project = Project.objects.get(opportunity=opportunity)
        assert project.status == "4" and project.actual_end is not None
