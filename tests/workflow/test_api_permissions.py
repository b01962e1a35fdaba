"""Role × transition × own/other unit, through the API: exactly the allowed roles get 200."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from workflow.models import Opportunity, TransitionLog

SOURCE_STATE = {
    "present": "identified",
    "approve": "presented",
    "reject": "presented",
    "return_for_revision": "presented",
    "start_donor_communication": "approved",
    "start_monitoring": "in_communication",
    "mark_not_funded": "in_communication",
    "close": "monitored",
    "withdraw": "identified",
}
ALLOWED = {
    "present": {"coordinator"},
    "approve": {"minister"},
    "reject": {"minister"},
    "return_for_revision": {"minister"},
    "start_donor_communication": {"focal_point", "coordinator"},
    "start_monitoring": {"focal_point", "coordinator"},
    "mark_not_funded": {"focal_point", "coordinator"},
    "close": {"coordinator"},
    "withdraw": {"focal_point", "coordinator"},
}
ACTORS = [
    "focal_point",
    "other_unit_focal_point",
    "coordinator",
    "minister",
    "unit_head",
    "viewer",
    "outsider",
    "anonymous",
]
PAYLOAD = {
    "comment": "მიზეზი",
    "confirmed_amount": "250000.00",
    "confirmed_currency": "EUR",
    "start_date": "2026-12-01",
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", list(SOURCE_STATE))
def test_transition_permission_matrix(request, name: str, actor: str, make_opportunity) -> None:
    opportunity = make_opportunity(state=SOURCE_STATE[name])
    user = None if actor == "anonymous" else request.getfixturevalue(actor)

    response = client_for(user).post(
        f"/api/opportunities/{opportunity.pk}/transitions/{name}/", PAYLOAD, format="json"
    )

    opportunity.refresh_from_db()
    if actor in ALLOWED[name]:
        assert response.status_code == 200, response.json()
        assert response.json()["state"] == opportunity.state != SOURCE_STATE[name]
    else:
        assert response.status_code == (401 if actor == "anonymous" else 403), response.json()
        assert response.json()["detail"]
        assert opportunity.state == SOURCE_STATE[name]
        assert not TransitionLog.objects.filter(opportunity=opportunity).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_transitions_listing_shows_only_what_the_user_may_run(
    request, actor: str, make_opportunity
) -> None:
    opportunity = make_opportunity(state="presented")
    user = None if actor == "anonymous" else request.getfixturevalue(actor)

    response = client_for(user).get(f"/api/opportunities/{opportunity.pk}/transitions/")

    if actor == "anonymous":
        assert response.status_code == 401
        return
    names = {t["name"] for t in response.json()}
    expected = {n for n, s in SOURCE_STATE.items() if actor in ALLOWED[n] and s == "presented"}
    if actor in {"focal_point", "coordinator"}:
        expected.add("withdraw")  # withdraw is open from "presented" as well
    assert names == expected


@pytest.mark.parametrize(
    ("actor", "own_status", "other_status"),
    [
        ("focal_point", 200, 403),
        ("coordinator", 200, 200),
        ("minister", 403, 403),
        ("viewer", 403, 403),
        ("unit_head", 403, 403),
        ("outsider", 403, 403),
    ],
)
def test_edit_permission_by_unit(
    request, actor, own_status, other_status, make_opportunity, other_unit
) -> None:
    own = make_opportunity()
    other = make_opportunity(owning_unit=other_unit)
    client = client_for(request.getfixturevalue(actor))

    for item, expected in [(own, own_status), (other, other_status)]:
        response = client.patch(
            f"/api/opportunities/{item.pk}/", {"title": "შეცვლილი"}, format="json"
        )
        assert response.status_code == expected, response.json()
        item.refresh_from_db()
        assert (item.title == "შეცვლილი") == (expected == 200)


@pytest.mark.parametrize("actor", ACTORS)
def test_everyone_signed_in_reads_the_whole_register(
    request, actor, make_opportunity, other_unit
) -> None:
    make_opportunity()
    make_opportunity(owning_unit=other_unit)
    user = None if actor == "anonymous" else request.getfixturevalue(actor)

    response = client_for(user).get("/api/opportunities/")

    if actor == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == 200
        assert response.json()["count"] == Opportunity.objects.count() == 2
