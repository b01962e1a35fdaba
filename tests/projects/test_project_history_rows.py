"""A project's edit history shows the rows hanging off it (sectors, participants, budget lines,
results and their indicators) as people read them: a sector by its code and name with its
share when it has one, a role by its name, days as days; nothing empty printed as None."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from core.history import readable_edits
from projects.models import Project
from projects.services.projects import project_create, project_update
from tests.web import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(coordinator) -> Project:
    return project_create(
        user=coordinator,
        fields={"title_ka": "უსაფრთხოების სექტორის რეფორმა", "status": "2"},
    )


def _changes(project: Project) -> dict[str, tuple[str, str]]:
    with translation.override("en"):
        (edit,) = readable_edits(project.edits.all(), Project)
        return {label: (old, new) for label, old, new in edit["changes"]}


def test_a_sector_shows_its_code_and_name_and_a_share_only_when_given(coordinator, project) -> None:
    project_update(
        project=project,
        user=coordinator,
        fields={},
        parts={"sectors": [{"code": "15210", "percentage": None}]},
    )
    old, new = _changes(project)["sectors"]
    assert (old, new) == ("—", "15210 — Security system management and reform")
    project.edits.all().delete()
    project_update(
        project=project,
        user=coordinator,
        fields={},
        parts={"sectors": [{"code": "15210", "percentage": Decimal("100")}]},
    )
    assert _changes(project)["sectors"][1] == (
        "15210 — Security system management and reform · 100%"
    )


def test_participants_budget_lines_and_results_read_without_none(
    coordinator, project, donor, unit
) -> None:
    project_update(
        project=project,
        user=coordinator,
        fields={},
        parts={
            "participants": [{"role": "1", "donor": donor}, {"role": "4", "unit": unit}],
            "budget_lines": [
                {
                    "amount": Decimal("250000"),
                    "currency": "EUR",
                    "period_start": datetime.date(2026, 1, 1),
                }
            ],
            "results": [
                {
                    "title": "გაძლიერებული ზედამხედველობა",
                    "indicators": [
                        {"title": "გადამზადებული ინსპექტორები", "target": Decimal("40")},
                        {"title": "ახალი სახელმძღვანელო"},
                    ],
                }
            ],
        },
    )
    changes = _changes(project)
    shown = " | ".join(new for _old, new in changes.values())
    assert "None" not in shown
    assert f"Funding · {donor}" in changes["participating organisations"][1]
    assert f"Implementing · {unit}" in changes["participating organisations"][1]
    assert changes["budget lines"][1] == "Original · 250000.00 EUR · 01.01.2026"
    assert changes["results"][1] == (
        "გაძლიერებული ზედამხედველობა · გადამზადებული ინსპექტორები: — → 40; ახალი სახელმძღვანელო"
    )


def test_the_project_page_shows_the_sector_in_its_history(coordinator, project) -> None:
    project_update(
        project=project,
        user=coordinator,
        fields={},
        parts={"sectors": [{"code": "15210", "percentage": None}]},
    )
    page = signed_in(coordinator).get(f"/projects/{project.pk}/").content.decode()
    assert "15210" in page
    assert "15210:None" not in page and ":None" not in page
