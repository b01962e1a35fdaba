"""What the dashboard counts: one unit's items or every unit's, in a period or over all time.

Each register reads the period by its own date, said here once and on the page: an
opportunity by the day it was entered, a budget line by its period's start (else the
project's), an obligation by its due dates, a commitment by its deadline. The register
filters take the same parameters, so a figure opens as exactly the rows it counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q

from commitments.models import Commitment


@dataclass(frozen=True)
class Scope:
    unit: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def of_year(cls, year: int, unit: int | None = None) -> Scope:
        return cls(unit, datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @property
    def year(self) -> int | None:
        """The calendar year the period lies in, when it lies in one."""
        if self.start and self.end and self.start.year == self.end.year:
            return self.start.year
        return None

    def _dates(self, after: str, before: str) -> dict[str, str]:
        dates = {}
        if self.start:
            dates[after] = self.start.isoformat()
        if self.end:
            dates[before] = self.end.isoformat()
        return dates

    # --- Opportunities: by the day they were entered ---------------------------------------

    def opportunities(self) -> Q:
        return Q(
            *([Q(owning_unit=self.unit)] if self.unit else []),
            *([Q(created_at__date__gte=self.start)] if self.start else []),
            *([Q(created_at__date__lte=self.end)] if self.end else []),
        )

    def register_query(self) -> dict[str, Any]:
        unit = {"owning_unit": self.unit} if self.unit else {}
        return {**unit, **self._dates("identified_from", "identified_to")}

    # --- Budget lines: by their date (``projects.measures.counted_budget_lines``) ----------

    def budget_lines(self) -> Q:
        """Lines annotated with ``lead_unit`` and ``dated``."""
        return Q(
            *([Q(lead_unit=self.unit)] if self.unit else []),
            *([Q(dated__gte=self.start)] if self.start else []),
            *([Q(dated__lte=self.end)] if self.end else []),
        )

    def projects_query(self) -> dict[str, Any]:
        unit = {"lead_unit": self.unit} if self.unit else {}
        return {**unit, **self._dates("budget_from", "budget_to")}

    # --- Obligations: by the unit responsible and their due dates ---------------------------

    def obligations(self) -> Q:
        return Q(responsible_unit=self.unit) if self.unit else Q()

    def obligations_query(self) -> dict[str, Any]:
        unit = {"responsible_unit": self.unit} if self.unit else {}
        return {**unit, **self._dates("due_from", "due_to")}

    # --- Commitments: the units responsible and the deadline ------------------------------

    def commitments(self) -> Q:
        """As the register's unit filter: the unit answers for it or is among those with it."""
        query = Q(
            *([Q(deadline__gte=self.start)] if self.start else []),
            *([Q(deadline__lte=self.end)] if self.end else []),
        )
        if self.unit:
            supporting = Commitment.supporting_units.through.objects.filter(
                commitment=OuterRef("pk"), organisationalunit=self.unit
            )
            query &= Q(responsible_unit=self.unit) | Q(Exists(supporting))
        return query

    def commitments_query(self) -> dict[str, Any]:
        unit = {"unit": self.unit} if self.unit else {}
        return {**unit, **self._dates("deadline_from", "deadline_to")}


EVERYTHING = Scope()
