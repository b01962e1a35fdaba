"""The notification centre: unread count on every page, the list, opening and reading."""

from __future__ import annotations

import pytest
from django.test import Client

from notifications.models import Notification, NotificationPreference
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def told(make_opportunity, coordinator, focal_point):
    opportunity = make_opportunity(state="identified")
    opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    return opportunity


def test_the_unread_count_shows_on_every_page_and_the_list_reads_in_georgian(
    told, focal_point
) -> None:
    client = signed_in(focal_point)
    for page in ("/", "/projects/", "/needs/"):
        html = client.get(page).content.decode()
        assert 'id="notification-bell"' in html and '<span class="badge"' in html
    html = client.get("/notifications/").content.decode()
    assert f"{told.reference}: წარდგენილია, მოელის გადაწყვეტილებას" in html
    assert "შესაძლებლობა ელოდება გადაწყვეტილებას" in html  # the kind's name


def test_opening_marks_read_and_goes_to_the_item(told, focal_point) -> None:
    row = Notification.objects.get(recipient=focal_point)
    client = signed_in(focal_point)
    response = client.post(f"/notifications/{row.pk}/open/")
    assert response.status_code == 302 and response["Location"] == f"/opportunities/{told.pk}/"
    row.refresh_from_db()
    assert row.read_at is not None
    assert '<span class="badge"' not in client.get("/").content.decode()


def test_nobody_opens_or_reads_another_persons_notification(told, focal_point, viewer) -> None:
    row = Notification.objects.get(recipient=focal_point)
    assert signed_in(viewer).post(f"/notifications/{row.pk}/open/").status_code == 404
    signed_in(viewer).post("/notifications/read-all/")
    row.refresh_from_db()
    assert row.read_at is None
    signed_in(focal_point).post("/notifications/read-all/")
    row.refresh_from_db()
    assert row.read_at is not None


def test_settings_page_saves_digest_and_opt_outs_and_refuses_mandatory_kinds(focal_point) -> None:
    client = signed_in(focal_point)
    assert "ესკალაცია" in client.get("/notifications/settings/").content.decode()
    client.post("/notifications/settings/", {"daily_digest": "on", "muted": ["meeting.scheduled"]})
    preference = NotificationPreference.objects.get(user=focal_point)
    assert preference.daily_digest and preference.muted_kinds == ["meeting.scheduled"]
    response = client.post("/notifications/settings/", {"muted": ["obligation.escalation"]})
    assert response.status_code == 200
    preference.refresh_from_db()
    assert preference.muted_kinds == ["meeting.scheduled"] and preference.daily_digest
