"""How a record refuses a value another record already holds, said as a person would.

Django words it "%(model_name)s with this %(field_label)s already exists." and capitalises both
names: in Georgian that puts Mtavruli capitals mid-sentence ("Სტრუქტურული ერთეული მოცემული
Კოდი-ით") and declines a name the sentence cannot decline. Every model with a unique field or a
unique constraint takes ``UniqueMessages`` (tests/core/test_unique.py checks that none is left out).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

# Django's own wording, which a field keeps unless it says otherwise.
DJANGO_UNIQUE = models.Field.default_error_messages["unique"]


def field_name(model_class: type[models.Model], name: str) -> str:
    """A field's name as a sentence says it: as declared, not capitalised ("IATI identifier"
    keeps its capitals, "code" stays in lower case)."""
    field = model_class._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


class UniqueMessages:
    """A taken value is refused in plain words, with the fields named in lower case."""

    def unique_error_message(
        self, model_class: type[models.Model], unique_check: Sequence[str]
    ) -> ValidationError:
        if len(unique_check) == 1:
            field = model_class._meta.get_field(unique_check[0])
            if getattr(field, "error_messages", {}).get("unique", DJANGO_UNIQUE) != DJANGO_UNIQUE:
                # The field words it itself (a user's name: "A user with that username...").
                return super().unique_error_message(model_class, unique_check)  # type: ignore[misc]
            return ValidationError(
                _("This %(field)s is already taken."),
                code="unique",
                params={"field": field_name(model_class, unique_check[0])},
            )
        names: list[Any] = [field_name(model_class, name) for name in unique_check]
        return ValidationError(
            _("Such a record already exists (the same %(fields)s)."),
            code="unique_together",
            params={"fields": get_text_list(names, _("and"))},
        )
