"""Who keeps the exchange rates by hand: the department, where the bank's service cannot be
reached. Everyone signed in reads them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import in_department

if TYPE_CHECKING:
    from core.roles import Person


def can_upload_rates(user: Person) -> bool:
    return in_department(user)
