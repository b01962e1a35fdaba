"""Who follows the mail that could not be delivered and sends it again: the department."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import in_department

if TYPE_CHECKING:
    from core.roles import Person


def can_resend(user: Person) -> bool:
    return in_department(user)
