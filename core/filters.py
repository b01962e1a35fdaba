"""Filters shared by the registers' filter sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.filterset import remote_queryset
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

FIRST_YEAR = 1900
LAST_YEAR = 2200


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})
class YearFilter(django_filters.NumberFilter):
    """A calendar year. Years outside the range are refused with a message; the database would
    fail on them (year 0, or past 9999)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


class CodesFilter(django_filters.MultipleChoiceFilter):
    """Any of several codes of the row's own column. Such a filter cannot repeat a row, so it
    asks for no DISTINCT, which over a page of many columns costs more than the page itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); empty means "either". Anything else is an error, not "either"."""

    widget = forms.TextInput  # the select widget would turn an unknown value into "either"

    def to_python(self, value: Any) -> bool | None:  # type: ignore[override]
        if value in (None, "", "unknown"):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise forms.ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value: Any) -> None:
        pass


class YesNoWidget(django_filters.widgets.BooleanWidget):
    """A yes/no filter's list: all, yes, no. django-filter's own names the empty choice
    "Unknown" and translates its names once, when the filter set is defined, so they stayed in
    the language the app started in; these are translated each time the list is shown."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class RecordChoiceField(forms.ModelChoiceField[Any]):
    """A record by its id, kept as the id. An id no record has is not an error here: filtering
    by it simply finds nothing, as a search for an unknown name would, so the record need not
    be read first. Text that is no id is an error."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not (text.lstrip("-").isascii() and text.lstrip("-").isdigit()):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        number = int(text)
        # Ids are positive 64-bit numbers; 0 stands for any other number and finds nothing,
        # where the database would fail on a number it cannot hold.
        return number if 0 < number < 2**63 else 0


class RecordFilter(django_filters.ModelChoiceFilter):
    field_class = RecordChoiceField


def capitalise_labels(form: forms.BaseForm) -> None:
    """Labels shown as a form's labels start with a capital letter, as Django's own forms do
    ("Owning unit" beside "Sort by"). Georgian has no capitals: its labels stay as written
    (Python's upper() would turn them into Mtavruli)."""
    for field in form.fields.values():
        label = str(field.label or "")
        if label and not "\u10a0" <= label[0] <= "\u10ff":
            field.label = label[0].upper() + label[1:]


# The empty choice of a select box as Django and django-filter name it when nobody did.
DASHES = "---------"


def word_empty_choices(form: forms.BaseForm, label_for: Callable[[forms.Field], Any]) -> None:
    """Every select box of ``form`` whose empty choice reads ``---------`` says, in words, what
    choosing nothing means: ``label_for(field)``. An empty choice a form named itself stays.
    The labels are lazy, so the list reads in the language of the page that shows it."""
    for field in form.fields.values():
        if getattr(field, "empty_label", None) == DASHES:
            # A record list (ModelChoiceField) or a filter's list: both read the label each
            # time the list is shown, but a filter's widget may still hold the list of the
            # field it was copied from, so it is given the field's own.
            field.empty_label = label_for(field)  # type: ignore[attr-defined]
            field.widget.choices = field.choices  # type: ignore[attr-defined]
        elif isinstance(field, forms.ChoiceField) and not hasattr(field, "empty_label"):
            choices = list(field.choices)  # type: ignore[arg-type]
            if choices and choices[0] == ("", DASHES):
                field.choices = [("", label_for(field)), *choices[1:]]


def all_when_empty(field: forms.Field) -> Any:
    """A filter left empty filters nothing out."""
    return _("All")


class RegisterFilterSet(django_filters.FilterSet):
    """A register's filters, whose form a page shows with the labels capitalised and an empty
    choice that reads "All"."""

    @property
    def form(self) -> forms.Form:
        if not hasattr(self, "_form"):
            form = super().form
            capitalise_labels(form)
            word_empty_choices(form, all_when_empty)
        return self._form


class StrictFilterSet(django_filters.FilterSet):
    """The filter set the API builds from ``filterset_fields``: booleans refuse a value they do
    not understand instead of ignoring the filter; a record id nobody has finds nothing."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
        models.ForeignKey: {
            "filter_class": RecordFilter,
            "extra": lambda f: {"queryset": remote_queryset(f)},
        },
    }


class FilterBackend(DjangoFilterBackend):
    filterset_base = StrictFilterSet
