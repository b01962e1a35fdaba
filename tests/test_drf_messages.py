"""Django REST framework ships no Georgian catalogue: every message its fields, serializers,
relations, validators and exceptions can answer with has a Georgian translation in ours."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import rest_framework.exceptions
import rest_framework.fields
import rest_framework.relations
import rest_framework.serializers
import rest_framework.validators
from django.utils import translation

from core.api.drf_messages import DRF_MESSAGES


def _texts(value: Any) -> Iterator[str]:
    if value is not None and str(value):
        yield str(value)


def drf_messages() -> set[str]:
    found: set[str] = set()
    with translation.override(None):  # the messages as written, untranslated
        for module in (
            rest_framework.fields,
            rest_framework.serializers,
            rest_framework.relations,
        ):
            for _, cls in inspect.getmembers(module, inspect.isclass):
                for klass in cls.__mro__:
                    for message in getattr(klass, "default_error_messages", {}).values():
                        found.update(_texts(message))
        for _, cls in inspect.getmembers(rest_framework.exceptions, inspect.isclass):
            found.update(_texts(getattr(cls, "default_detail", None)))
        for _, cls in inspect.getmembers(rest_framework.validators, inspect.isclass):
            found.update(_texts(getattr(cls, "message", None)))
    # Django's own field messages come from Django's Georgian catalogue.
    with translation.override("ka"):
        return {text for text in found if translation.gettext(text) == text}


def test_every_drf_message_is_listed_for_the_catalogue() -> None:
    assert sorted(drf_messages() - set(DRF_MESSAGES)) == []


def test_every_listed_message_reads_in_georgian() -> None:
    with translation.override("ka"):
        untranslated = [text for text in DRF_MESSAGES if translation.gettext(text) == text]
    assert untranslated == []
