"""The dashboard's filter: a unit, and a period given as a year or as two dates."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bounds import date_in_window
from core.models import OrganisationalUnit
from insight.scope import Scope
from web.forms.common import DATE

# The years offered: the registers hold nothing older.
FIRST_YEAR = 2000


class DashboardFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=OrganisationalUnit.objects.order_by("name_ka"),
        required=False,
        label=_("unit"),
        empty_label=_("all units"),
    )
    year = forms.TypedChoiceField(coerce=int, required=False, label=_("year"), empty_value=None)
    start = forms.DateField(
        required=False, label=_("period from"), widget=DATE, validators=[date_in_window]
    )
    end = forms.DateField(
        required=False, label=_("period to"), widget=DATE, validators=[date_in_window]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = [(year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)]
        self.fields["year"].choices = [("", _("any year")), *years]  # type: ignore[attr-defined]
        # Every field names itself in the page's address, so the ids need no prefix.
        self.auto_id = "dashboard-%s"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        return data

    def scope(self) -> Scope:
        """What the valid fields ask for; a field in error asks for nothing. Dates given win
        over the year."""
        data = self.cleaned_data if self.is_valid() else self._valid_part()
        unit = data.get("unit")
        unit_id = unit.pk if unit is not None else None
        start: datetime.date | None = data.get("start")
        end: datetime.date | None = data.get("end")
        year = data.get("year")
        if not (start or end) and year:
            return Scope.of_year(year, unit_id)
        return Scope(unit_id, start, end)

    def _valid_part(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
