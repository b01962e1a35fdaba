"""The refusals Django words itself reach people in their language and in plain words: a
taken code, a code with letters a code cannot hold, a password too like the person's name."""

from __future__ import annotations

import re

import pytest

from core.models import Donor, OrganisationalUnit, User
from tests.web import opened_form, signed_in

pytestmark = pytest.mark.django_db

MTAVRULI = re.compile("[\u1c90-\u1cbf]")


def _english(client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


@pytest.mark.parametrize(
    ("language", "taken"),
    [("ka", "ეს კოდი უკვე დაკავებულია."), ("en", "This code is already taken.")],
)
def test_a_taken_unit_code_is_said_plainly(coordinator, unit, language, taken) -> None:
    client = signed_in(coordinator)
    if language == "en":
        _english(client)
    form = opened_form(client, "/units/new/") | {
        "code": unit.code,
        "name_ka": "ჩემი ერთეული",
        "kind": "agency",
    }
    response = client.post("/units/new/", form)
    assert response.status_code == 400
    page = response.content.decode()
    assert taken in page
    assert not MTAVRULI.search(page[page.index("<main") :])
    assert OrganisationalUnit.objects.filter(code=unit.code).count() == 1


@pytest.mark.parametrize(
    ("language", "taken"),
    [("ka", "ეს კოდი უკვე დაკავებულია."), ("en", "This code is already taken.")],
)
def test_a_taken_donor_code_is_said_plainly(coordinator, donor, language, taken) -> None:
    client = signed_in(coordinator)
    if language == "en":
        _english(client)
    form = opened_form(client, "/donors/new/") | {
        "code": donor.code,
        "name_ka": "სხვა დონორი",
        "organisation_type": "10",
    }
    response = client.post("/donors/new/", form)
    assert response.status_code == 400
    page = response.content.decode()
    assert taken in page
    assert not MTAVRULI.search(page[page.index("<main") :])
    assert Donor.objects.filter(code=donor.code).count() == 1


def test_a_code_with_spaces_is_refused_in_georgian(coordinator) -> None:
    client = signed_in(coordinator)
    form = opened_form(client, "/units/new/") | {
        "code": "ჩემი კოდი",
        "name_ka": "ჩემი ერთეული",
        "kind": "agency",
    }
    response = client.post("/units/new/", form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "კოდი შეიძლება შეიცავდეს მხოლოდ ლათინურ ასოებს" in page
    assert "slug" not in page
    assert not OrganisationalUnit.objects.filter(name_ka="ჩემი ერთეული").exists()


@pytest.mark.parametrize(
    ("detail", "value", "said"),
    [
        ("username", "focal", "პაროლი ძალიან ჰგავს თქვენს მომხმარებლის სახელს."),
        ("first_name", "ნინო", "პაროლი ძალიან ჰგავს თქვენს სახელს."),
        ("last_name", "ბერიძე", "პაროლი ძალიან ჰგავს თქვენს გვარს."),
        ("email", "nino.beridze@mia.gov.ge", "პაროლი ძალიან ჰგავს თქვენს ელფოსტის მისამართს."),
    ],
)
def test_a_password_like_the_persons_details_is_refused_in_georgian(
    focal_point, detail, value, said
) -> None:
    User.objects.filter(pk=focal_point.pk).update(**{detail: value})
    client = signed_in(User.objects.get(pk=focal_point.pk))
    password = value + "1"
    response = client.post(
        "/password/",
        {"old_password": "pass-1234", "new_password1": password, "new_password2": password},
    )
    page = response.content.decode()
    assert response.status_code == 200 and said in page
    assert "ძალიან გავს" not in page
