"""Commitments are recorded through their services, so their status reports are planned as in
use; ``make_commitment`` records one on 15.11.2026 (its first quarterly report falls due on
31.12.2026)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

import pytest
import time_machine

from commitments.models import Commitment, Framework
from commitments.services import CommitmentFields, IndicatorData, commitment_create
from core.models import OrganisationalUnit, User

RECORDED_ON = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def framework(db: None) -> Framework:
    return Framework.objects.get(code="eu-aa")


@pytest.fixture
def make_commitment(
    framework: Framework, unit: OrganisationalUnit, coordinator: User
) -> Callable[..., Commitment]:
    def make(
        *, indicators: list[IndicatorData] | None = None, when: Any = RECORDED_ON, **fields: Any
    ) -> Commitment:
        values = {
            "framework": framework,
            "reference": "მუხლი 14.2",
            "text_ka": "საზღვრის ინტეგრირებული მართვის სტრატეგიის განხორციელება",
            "text_en": "Implement the integrated border management strategy",
            "responsible_unit": unit,
        } | fields
        if indicators is None:
            indicators = [
                {
                    "name": "სასაზღვრო გამშვები პუნქტების წილი ახალი სისტემით",
                    "measure": "percent",
                    "baseline": Decimal(20),
                    "baseline_date": datetime.date(2026, 1, 1),
                    "target": Decimal(80),
                    "target_date": datetime.date(2027, 12, 31),
                },
                {"name": "სტრატეგია დამტკიცებულია", "measure": "yes_no"},
            ]
        with time_machine.travel(when, tick=False):
            return commitment_create(
                user=coordinator, fields=cast(CommitmentFields, values), indicators=indicators
            )

    return make
