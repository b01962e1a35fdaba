"""The shopping list: who keeps which needs, the edit history, and the gap view."""

from __future__ import annotations

import pytest

from core.errors import ActionBlocked, ActionForbidden
from needs.models import Need
from needs.selectors import needs_without_support, opportunities_without_need
from needs.services import need_create, need_update
from tests.conftest import client_for
from tests.factories import ProjectFactory
from tests.insight.commitment_data import commitment
from tests.web import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def need_fields(unit):
    def make(**overrides):
        return {
            "title": "საზღვრის მართვის ტრენინგ-ცენტრი",
            "source": Need.Source.AA,
            "source_reference": "მუხლი 14",
            "priority": Need.Priority.HIGH,
            "responsible_unit": unit,
        } | overrides

    return make


def test_a_focal_point_keeps_the_needs_of_their_unit_only(
    need_fields, focal_point, other_unit, viewer
) -> None:
    need = need_create(user=focal_point, fields=need_fields())
    assert need.status == Need.Status.OPEN and need.created_by == focal_point

    with pytest.raises(ActionForbidden):
        need_create(user=focal_point, fields=need_fields(title="სხვა", responsible_unit=other_unit))
    with pytest.raises(ActionForbidden):
        need_create(user=viewer, fields=need_fields(title="მესამე"))
    # Nor may a focal point hand the need over to a unit that is not theirs.
    with pytest.raises(ActionForbidden):
        need_update(need=need, user=focal_point, fields={"responsible_unit": other_unit})
    need.refresh_from_db()
    assert need.responsible_unit_id != other_unit.pk


def test_the_department_keeps_any_need_and_each_edit_is_recorded(
    need_fields, coordinator, other_unit, make_opportunity
) -> None:
    need = need_create(user=coordinator, fields=need_fields())
    opportunity = make_opportunity()
    need_update(
        need=need,
        user=coordinator,
        fields={"priority": Need.Priority.LOW, "responsible_unit": other_unit},
        opportunities=[opportunity],
    )
    edit = need.edits.get()
    assert edit.actor == coordinator
    assert edit.changes["priority"] == ["high", "low"]
    assert edit.changes["opportunities"] == [[], [str(opportunity)]]
    assert set(edit.changes) == {"priority", "responsible_unit", "opportunities"}
    # The page names the field and the choices in Georgian.
    page = signed_in(coordinator).get(f"/needs/{need.pk}/").content.decode()
    assert "პრიორიტეტი: მაღალი → დაბალი" in page
    assert "priority" not in page
    # Saving without a change records nothing.
    need_update(need=need, user=coordinator, fields={"priority": Need.Priority.LOW})
    assert need.edits.count() == 1


def test_a_title_is_listed_once_and_bad_choices_are_refused(need_fields, coordinator) -> None:
    need_create(user=coordinator, fields=need_fields())
    with pytest.raises(ActionBlocked) as duplicate:
        need_create(user=coordinator, fields=need_fields())
    assert duplicate.value.messages == ["ეს საჭიროება უკვე სიაშია."]
    with pytest.raises(ActionBlocked):
        need_create(user=coordinator, fields=need_fields(title="ახალი", source="nato"))
    assert Need.objects.count() == 1


def test_the_gap_view_lists_unanswered_needs_and_opportunities_without_a_need(
    need_fields, coordinator, make_opportunity
) -> None:
    answered_by_opportunity = need_create(user=coordinator, fields=need_fields(title="ა"))
    answered_by_project = need_create(user=coordinator, fields=need_fields(title="ბ"))
    only_rejected = need_create(user=coordinator, fields=need_fields(title="გ"))
    only_cancelled = need_create(user=coordinator, fields=need_fields(title="დ"))
    unanswered_low = need_create(
        user=coordinator, fields=need_fields(title="ე", priority=Need.Priority.LOW)
    )
    unanswered_high = need_create(user=coordinator, fields=need_fields(title="ვ"))
    need_create(user=coordinator, fields=need_fields(title="ზ", status=Need.Status.MET))

    live = make_opportunity(state="approved")
    rejected = make_opportunity(state="rejected")
    closed = make_opportunity(state="closed")
    without_need = make_opportunity(state="identified")
    answered_by_opportunity.opportunities.add(live)
    answered_by_project.projects.add(ProjectFactory.create(created_by=coordinator, status="2"))
    only_rejected.opportunities.add(rejected)
    only_cancelled.projects.add(ProjectFactory.create(created_by=coordinator, status="5"))

    gaps = list(needs_without_support())
    assert gaps == [only_rejected, only_cancelled, unanswered_high, unanswered_low]
    assert list(opportunities_without_need()) == [without_need]
    assert closed not in opportunities_without_need()

    page = signed_in(coordinator).get("/needs/gaps/")
    assert page.status_code == 200
    shown = page.content.decode()
    assert without_need.reference in shown and live.reference not in shown
    for need in gaps:
        assert f'href="/needs/{need.pk}/"' in shown
    assert f'href="/needs/{answered_by_opportunity.pk}/"' not in shown

    api = client_for(coordinator).get("/api/needs/gaps/").json()
    assert [row["title"] for row in api] == ["გ", "დ", "ვ", "ე"]
    unanswering = client_for(coordinator).get("/api/needs/unanswering-opportunities/").json()
    assert [row["reference"] for row in unanswering] == [without_need.reference]


def test_need_pages_by_role(need_fields, focal_point, other_unit_focal_point, unit) -> None:
    page = signed_in(focal_point).post(
        "/needs/new/",
        {
            "title": "ციფრული არქივი",
            "source": "vlap",
            "priority": "medium",
            "responsible_unit": unit.pk,
            "status": "open",
        },
    )
    need = Need.objects.get(title="ციფრული არქივი")
    assert page.status_code == 302 and page["Location"] == f"/needs/{need.pk}/"

    detail = signed_in(other_unit_focal_point).get(f"/needs/{need.pk}/").content.decode()
    assert "ციფრული არქივი" in detail and f"/needs/{need.pk}/edit/" not in detail
    assert signed_in(other_unit_focal_point).post(f"/needs/{need.pk}/edit/", {}).status_code == 403

    # An invalid form keeps what was typed.
    refused = signed_in(focal_point).post(
        f"/needs/{need.pk}/edit/",
        {"title": "ციფრული არქივი 2", "source": "", "priority": "medium", "status": "open"},
    )
    assert refused.status_code == 400 and "ციფრული არქივი 2" in refused.content.decode()
    listing = signed_in(focal_point).get("/needs/?source=vlap").content.decode()
    assert "ციფრული არქივი" in listing


def test_need_api_writes_through_the_service(need_fields, coordinator, viewer, unit) -> None:
    body = {"title": "ლაბორატორია", "source": "un", "responsible_unit": unit.pk}
    assert client_for(viewer).post("/api/needs/", body, format="json").status_code == 403
    created = client_for(coordinator).post("/api/needs/", body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    changed = client_for(coordinator).patch(
        f"/api/needs/{pk}/", {"status": "in_progress"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["status"] == "in_progress"
    edits = client_for(viewer).get(f"/api/needs/{pk}/edits/").json()
    assert edits[0]["changes"] == {"status": ["open", "in_progress"]}


def test_a_need_names_the_commitments_it_serves_and_its_sector_with_each_change_kept(
    need_fields, coordinator, focal_point, unit
) -> None:
    aa = commitment(unit, coordinator, "14.2")
    vlap = commitment(unit, coordinator, "2.3")
    need = need_create(user=focal_point, fields=need_fields(sector="15210"), commitments=[aa])
    assert list(need.commitments.all()) == [aa] and need.sector == "15210"

    need_update(need=need, user=focal_point, fields={}, commitments=[aa, vlap])
    need_update(need=need, user=focal_point, fields={"sector": "15130"})
    # Left out, the links stay as they are.
    assert set(need.commitments.all()) == {aa, vlap}
    changes = [edit.changes for edit in need.edits.order_by("at", "id")]
    assert changes == [
        {"commitments": [["EU-AA 14.2"], ["EU-AA 14.2", "EU-AA 2.3"]]},
        {"sector": ["15210", "15130"]},
    ]


def test_the_need_api_reads_and_writes_its_commitments_and_sector(
    need_fields, coordinator, unit
) -> None:
    aa = commitment(unit, coordinator, "14.2")
    body = {
        "title": "ლაბორატორია",
        "source": "aa",
        "responsible_unit": unit.pk,
        "commitments": [aa.pk],
        "sector": "15210",
    }
    created = client_for(coordinator).post("/api/needs/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["commitments"] == [aa.pk] and created.json()["sector"] == "15210"
    pk = created.json()["id"]
    # A commitment is named by its id; anything else is refused.
    refused = client_for(coordinator).patch(
        f"/api/needs/{pk}/", {"commitments": ["14.2"]}, format="json"
    )
    assert refused.status_code == 400
    emptied = client_for(coordinator).patch(f"/api/needs/{pk}/", {"commitments": []}, format="json")
    assert emptied.status_code == 200 and emptied.json()["commitments"] == []
    assert Need.objects.get(pk=pk).commitments.count() == 0
