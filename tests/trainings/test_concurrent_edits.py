"""Trainings: a write changes only what it names, the history says exactly what changed, and
ETag / If-Match make a write conditional."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.conditional_writes import assert_conditional_writes, while_the_request_runs
from tests.conftest import client_for
from trainings.api.serializers import TrainingSerializer
from trainings.models import Training, TrainingEdit
from trainings.services import training_create, training_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(coordinator, unit):
    return training_create(
        user=coordinator,
        fields={
            "name": "საწყისი",
            "organiser": "FRONTEX",
            "unit": unit,
            "start_date": datetime.date(2026, 3, 2),
            "end_date": datetime.date(2026, 3, 6),
            "duration_days": Decimal("5"),
            "country": "პოლონეთი",
            "women": 3,
            "men": 4,
        },
    )


def test_a_patch_does_not_revert_a_field_saved_meanwhile(
    training, coordinator, focal_point, monkeypatch
) -> None:
    def meanwhile() -> None:
        training_update(
            training=Training.objects.get(pk=training.pk),
            user=coordinator,
            fields={"name": "სხვისი"},
            staff=[focal_point],
        )

    while_the_request_runs(monkeypatch, TrainingSerializer, meanwhile)
    response = client_for(focal_point).patch(
        f"/api/trainings/{training.pk}/", {"men": 5}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["staff"] == [focal_point.pk]
    stored = Training.objects.get(pk=training.pk)
    assert (stored.name, stored.men, stored.version) == ("სხვისი", 5, 3)
    assert [e.changes for e in TrainingEdit.objects.order_by("id")] == [
        {"name": ["საწყისი", "სხვისი"], "staff": [[], [str(focal_point)]]},
        {"men": [4, 5]},
    ]


def test_etag_and_if_match(training, focal_point) -> None:
    answer = assert_conditional_writes(
        client_for(focal_point), f"/api/trainings/{training.pk}/", {"women": 6}
    )
    assert answer["participants"] == 10
    assert TrainingEdit.objects.get().changes == {"women": [3, 6]}


def test_a_training_handed_to_another_unit_meanwhile_is_not_taken_back_by_the_first(
    training, coordinator, focal_point, other_unit, unit
) -> None:
    """Who may edit is judged on the training as stored, not on the copy read before."""
    from core.errors import ActionForbidden

    opened = Training.objects.get(pk=training.pk)
    training_update(training=training, user=coordinator, fields={"unit": other_unit})
    with pytest.raises(ActionForbidden):
        training_update(training=opened, user=focal_point, fields={"unit": unit})
    assert Training.objects.get(pk=training.pk).unit == other_unit
