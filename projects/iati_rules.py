"""What the IATI Rulesets ask of a project's own data, said once: the services refuse new input
that breaks a rule, and the IATI export lists a stored project that breaks one as not
publishable instead of writing a file the IATI Validator refuses.

The rule numbers are those of ``iati/rules/standard.json``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from core.codelists import IndicatorMeasure

# Rule 7.5.3: a budget period may end at most 365 days after it starts (the validator counts
# whole days, so a calendar year passes, and so does 1 March to 28 February).
BUDGET_PERIOD_DAYS = 365


def budget_period_problem(start: datetime.date | None, end: datetime.date | None) -> str | None:
    """Why IATI cannot take a budget period from ``start`` to ``end``, or None."""
    if start is None or end is None:
        return None
    if end < start:
        return _("A budget period cannot end before it starts.")
    if (end - start).days > BUDGET_PERIOD_DAYS:
        return _(
            "A budget period is at most a year: it may end at most 365 days after it starts. "
            "Enter a line for each year."
        )
    return None


def sector_shares_problem(
    shares: Sequence[Decimal | None], *, published: bool = True
) -> str | None:
    """Why IATI cannot take these sector shares (per cent, one per sector, all DAC codes), or
    None: one sector has no share or 100; several each have one, together 100 (rules 2.1.1,
    2.1.2, 2.1.4, 12.3.1). Several sectors with no share at all are only a problem when
    they are ``published``: the register may keep them so, IATI may not."""
    if any(share is not None and not 0 <= share <= 100 for share in shares):
        return _("A sector's share is between 0 and 100%.")
    if len(shares) == 1:
        if shares[0] not in (None, Decimal(100)):
            return _("A single sector has no share or a share of 100%.")
        return None
    given = [share for share in shares if share is not None]
    if len(shares) > 1 and (given or published):
        if len(given) < len(shares):
            return _("When several sectors are listed, each needs its share.")
        total = sum(given, Decimal(0))
        if total != 100:
            return _("The sectors' shares add up to %(total)s%%; they must add up to 100%%.") % {
                "total": f"{total.normalize():f}"
            }
    return None


def indicator_values_problem(
    *, measure: str, baseline: Decimal | None, target: Decimal | None
) -> str | None:
    """Why IATI cannot take these numbers on an indicator, or None: a qualitative indicator
    has no numbers (rules 8.8.3, 8.9.3, 8.10.3)."""
    if measure == IndicatorMeasure.QUALITATIVE and (baseline is not None or target is not None):
        return _("A qualitative indicator has no numeric baseline or target.")
    return None
