"""Who may do what with frameworks, commitments and donors' priorities.

The department (its coordinators) and the administrators keep the frameworks, the commitments
with their indicators, and what each donor gives to; the responsible unit's focal points and
the department report on a commitment; everyone signed in reads them. Reporting itself is an
obligation's ``submit``, whose permission (``projects.permissions``) says the same for the
unit that owes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.roles import in_department, is_administrator, is_focal_point, signed_in

if TYPE_CHECKING:
    from commitments.models import Commitment
    from core.roles import Person


def can_keep_commitments(user: Person) -> bool:
    """Frameworks, commitments and their indicators are kept by the department and the
    administrators."""
    return in_department(user) or is_administrator(user)


def can_keep_donor_priorities(user: Person) -> bool:
    """What a donor gives to is kept with the commitments, by the same people."""
    return can_keep_commitments(user)


def can_report_on(commitment: Commitment, user: Person) -> bool:
    """The responsible unit's focal points report on a commitment; the department may report
    on its behalf."""
    return in_department(user) or is_focal_point(user, commitment.responsible_unit_id)


def can_see_commitments(user: Person) -> bool:
    """Everyone signed in reads the commitments, their indicators and their reports."""
    return signed_in(user)
