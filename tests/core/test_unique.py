"""A value another record holds is refused in plain words, for every model alike."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from core.models import Donor, OrganisationalUnit, User
from core.unique import UniqueMessages
from projects.models import Area

pytestmark = pytest.mark.django_db

OURS = ("core", "workflow", "projects", "commitments", "needs", "trainings", "actionplans")


def _has_unique_checks(model: type[models.Model]) -> bool:
    fields = [f for f in model._meta.local_fields if f.unique and not f.primary_key]
    constraints = [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    return bool(fields or constraints or model._meta.unique_together)


def test_every_model_with_unique_values_words_its_refusal_plainly() -> None:
    ours = [
        m
        for m in apps.get_models()
        if not m.__module__.startswith(("django.", "rest_framework", "axes"))
    ]
    checked = [m for m in ours if _has_unique_checks(m)]
    assert {m._meta.app_label for m in checked} >= set(OURS)
    missing = [m._meta.label for m in checked if not issubclass(m, UniqueMessages)]
    assert missing == []


def _refusal(record: models.Model) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        record.validate_unique()
        record.validate_constraints()
    return refused.value


def test_a_taken_code_names_the_field_in_lower_case(unit) -> None:
    twin = OrganisationalUnit(code=unit.code, name_ka="ასლი", kind="agency")
    with translation.override("en"):
        assert _refusal(twin).message_dict == {"code": ["This code is already taken."]}
    with translation.override("ka"):
        (text,) = _refusal(twin).message_dict["code"]
    assert text == "ეს კოდი უკვე დაკავებულია."
    assert not any("\u1c90" <= letter <= "\u1cbf" for letter in text)  # no Mtavruli


def test_a_taken_combination_names_its_fields() -> None:
    held, _ = Area.objects.get_or_create(kind=Area.Kind.REGION, name_ka="იმერეთი")
    twin = Area(kind=held.kind, name_ka=held.name_ka)
    with translation.override("en"):
        (text,) = _refusal(twin).messages
    assert text == "Such a record already exists (the same kind and name (Georgian))."
    with translation.override("ka"):
        (text,) = _refusal(twin).messages
    assert text.startswith("ასეთი ჩანაწერი უკვე არსებობს (იგივე ")
    assert not any("\u1c90" <= letter <= "\u1cbf" for letter in text)


def test_a_field_with_its_own_wording_keeps_it(coordinator) -> None:
    twin = User(username=coordinator.username)
    with translation.override("en"):
        assert _refusal(twin).message_dict["username"] == [
            "A user with that username already exists."
        ]


def test_a_donor_code_is_refused_alike(donor) -> None:
    twin = Donor(code=donor.code, name_ka="ასლი", organisation_type="10")
    with translation.override("en"):
        assert _refusal(twin).message_dict["code"] == ["This code is already taken."]
