"""What comes next for an item, as its page says it in one line: "Approved — next: contact
the donor (focal point of the academy)".

Each model keeps its own steps as a constant, ``NEXT_STEPS``: a ``Step`` for each state (or
status), saying what comes next and whose move it is. A state the item leaves by no move has a
step without ``whose``: it says what became of the item. The pages put the step together with
the item's unit and due date (``web.shared.next_steps``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Whose(models.TextChoices):
    """Who makes the next move: the item's unit (its focal point), the department, or top
    management."""

    UNIT = "unit", _("focal point of the unit")
    DEPARTMENT = "department", _("the department")
    TOP_MANAGEMENT = "top_management", _("top management")


@dataclass(frozen=True)
class Step:
    """What comes next from one state, and whose move it is (none: nothing more comes)."""

    text: StrOrPromise
    whose: Whose | None = None


@dataclass(frozen=True)
class NextStep:
    """The line an item's page shows: where it stands, the date it answers to, what comes next
    and whose move it is, in words."""

    state: str
    step: str
    whose: str = ""
    due_label: str = ""
    due: datetime.date | None = None
    overdue: bool = False
