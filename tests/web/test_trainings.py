"""The training pages on the shared unit-record pages: the list with its totals, a training's
page and its form."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.web import opened_form, signed_in
from trainings.models import Training
from trainings.services import training_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(unit, coordinator, focal_point) -> Training:
    return training_create(
        user=coordinator,
        fields={
            "name": "ინტეგრირებული საზღვრის მართვა",
            "organiser": "FRONTEX",
            "unit": unit,
            "start_date": datetime.date(2026, 3, 2),
            "end_date": datetime.date(2026, 3, 6),
            "duration_days": Decimal("5"),
            "place": "ვარშავა",
            "country": "პოლონეთი",
            "women": 3,
            "men": 4,
        },
        staff=[focal_point],
    )


@pytest.mark.parametrize(("who", "adds"), [("viewer", False), ("coordinator", True)])
def test_the_list_shows_rows_and_totals_and_offers_a_new_training_to_who_keeps_them(
    request, who, adds, training, unit
) -> None:
    page = signed_in(request.getfixturevalue(who)).get("/trainings/").content.decode()
    assert "<h1>ტრენინგები</h1>" in page and "ინტეგრირებული საზღვრის მართვა" in page
    totals = page.split('class="totals"', 1)[1].split("</table>", 1)[0]
    assert "<td>2026</td>" in totals and unit.name_ka in totals and "<td>7</td>" in totals
    assert ('href="/trainings/new/"' in page) is adds


def test_a_filter_that_selects_nothing_totals_nothing(viewer, training) -> None:
    page = signed_in(viewer).get("/trainings/?text=არაფერი").content.decode()
    totals = page.split('class="totals"', 1)[1].split("</table>", 1)[0]
    assert "<td>2026</td>" not in totals


def test_the_page_names_the_staff_and_offers_editing_to_who_keeps_it(
    training, focal_point, viewer
) -> None:
    page = signed_in(focal_point).get(f"/trainings/{training.pk}/").content.decode()
    assert "<h1>ინტეგრირებული საზღვრის მართვა</h1>" in page
    assert focal_point.display_name in page and f'href="/trainings/{training.pk}/edit/"' in page
    assert f"/trainings/{training.pk}/edit/" not in (
        signed_in(viewer).get(f"/trainings/{training.pk}/").content.decode()
    )


def test_an_edit_keeps_the_named_staff_when_they_were_left_alone(training, focal_point) -> None:
    client = signed_in(focal_point)
    form = opened_form(client, f"/trainings/{training.pk}/edit/")
    assert "<h1>ინტეგრირებული საზღვრის მართვა</h1>" in (
        client.get(f"/trainings/{training.pk}/edit/").content.decode()
    )
    response = client.post(f"/trainings/{training.pk}/edit/", form | {"men": "5"})
    assert response.status_code == 302 and response["Location"] == f"/trainings/{training.pk}/"
    training.refresh_from_db()
    assert training.men == 5 and list(training.staff.all()) == [focal_point]


def test_the_form_for_a_new_training_says_so_and_offers_only_the_units_kept(
    focal_point, unit, other_unit
) -> None:
    page = signed_in(focal_point).get("/trainings/new/").content.decode()
    assert "<h1>ახალი ტრენინგი</h1>" in page
    assert unit.name_ka in page and other_unit.name_ka not in page
