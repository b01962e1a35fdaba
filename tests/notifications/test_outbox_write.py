"""The outbox write of many events at once keeps every value and writes a key only once."""

from __future__ import annotations

import pytest

from core.models import User
from notifications.models import Notification
from notifications.recipients import person
from notifications.services import Event, notifications_enqueue_many

pytestmark = pytest.mark.django_db


def _event(key: str, user: User, title: str) -> Event:
    return Event(
        kind="obligation.overdue",
        item=user,
        recipients=person(user),
        context={"title": title, "nested": {"quote": 'ა"ბ\\გ', "list": [1, None, True]}},
        event_key=key,
    )


def test_many_rows_keep_their_values_and_a_key_already_written_is_passed_over(
    coordinator: User, focal_point: User
) -> None:
    notifications_enqueue_many([_event("first", coordinator, "პირველი")])
    written_before = Notification.objects.get()

    notifications_enqueue_many(
        [
            _event("first", coordinator, "სხვა"),  # the same key: not written again
            _event("second", coordinator, "მეორე — „ციტატა“"),
            _event("third", focal_point, "მესამე"),
        ]
    )

    rows = {row.context["title"]: row for row in Notification.objects.order_by("pk")}
    assert set(rows) == {"პირველი", "მეორე — „ციტატა“", "მესამე"}
    assert rows["პირველი"].pk == written_before.pk
    second = rows["მეორე — „ციტატა“"]
    assert second.context["nested"] == {"quote": 'ა"ბ\\გ', "list": [1, None, True]}
    assert second.recipient == coordinator and second.email == coordinator.email
    assert second.created_at is not None and second.status == Notification.Status.PENDING
    assert rows["მესამე"].recipient == focal_point
