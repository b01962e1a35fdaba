"""Fields that take JSON as the schema states it: a boolean is true or false, text is a
string, a number or an id is a number. DRF's own fields also take "1", 0 or "yes", which the
schema does not promise and a client should not come to rely on."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS


def _refuse(field: serializers.Field[Any, Any, Any, Any], expected: object) -> None:
    raise serializers.ValidationError(
        _("Expected %(expected)s.") % {"expected": expected}, code="invalid"
    )


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            _refuse(self, _("true or false"))
        return data


class _TextOnly:
    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            _refuse(self, _("text"))  # type: ignore[arg-type]
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictCharField(_TextOnly, serializers.CharField):
    pass


class StrictSlugField(_TextOnly, serializers.SlugField):
    pass


class StrictEmailField(_TextOnly, serializers.EmailField):
    pass


class StrictURLField(_TextOnly, serializers.URLField):
    pass


class StrictChoiceField(_TextOnly, serializers.ChoiceField):
    """Choices are codes written as text ("10", not 10), as the schema lists them."""


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            _refuse(self, _("a whole number"))
        return super().to_internal_value(data)


class StrictDecimalField(serializers.DecimalField):
    def to_internal_value(self, data: Any) -> Any:
        # The schema gives amounts as strings ("1250.00") so no precision is lost in transit.
        if not isinstance(data, str):
            _refuse(self, _('an amount written as text, such as "1250.00"'))
        return super().to_internal_value(data)


class StrictManyRelatedField(serializers.ManyRelatedField):
    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, list):  # DRF would read an object's keys as the list
            _refuse(self, _("a list of ids"))
        return super().to_internal_value(data)


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField[Any]):
    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int):
            _refuse(self, _("a record's id (a number)"))
        return super().to_internal_value(data)

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> StrictManyRelatedField:
        # DRF's own many_init, with the list field that checks it was given a list.
        list_kwargs: dict[str, Any] = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return StrictManyRelatedField(**list_kwargs)


_Model = TypeVar("_Model", bound=models.Model)


class StrictModelSerializer(serializers.ModelSerializer[_Model]):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.BooleanField: StrictBooleanField,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictSlugField,
        models.EmailField: StrictEmailField,
        models.URLField: StrictURLField,
        models.IntegerField: StrictIntegerField,
        models.BigIntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.PositiveBigIntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.DecimalField: StrictDecimalField,
    }
    serializer_related_field = StrictPrimaryKeyRelatedField
    serializer_choice_field = StrictChoiceField
