"""Writing exchange rates: from the bank's service (``rates.nbg``) or from a file the
department uploads. Both go through ``rates_record``: a day's rate of a currency is kept
once, and writing the same rate again changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.codelists import currency_choices
from core.errors import ActionBlocked, ActionForbidden
from core.models import User
from rates.convert import GEL
from rates.models import RATE_DECIMAL_PLACES, RATE_MAX_DIGITS, ExchangeRate
from rates.permissions import can_upload_rates


@dataclass(frozen=True)
class RateRow:
    """A rate as read: ``rate`` lari for ``quantity`` units of ``currency`` on ``date``.
    ``line`` is where it stands in an uploaded file, to name it when it is wrong."""

    date: datetime.date
    currency: str
    quantity: int
    rate: Decimal
    line: int | None = None


@dataclass(frozen=True)
class Recorded:
    created: int
    updated: int
    unchanged: int


def _problems(row: RateRow, known: set[str]) -> list[str]:
    problems = []
    if row.currency == GEL:
        problems.append(_("The lari needs no rate."))
    elif row.currency not in known:
        problems.append(_("“%(code)s” is not an ISO 4217 currency code.") % {"code": row.currency})
    if row.quantity < 1:
        problems.append(_("The quantity must be a whole number of 1 or more."))
    if not row.rate > 0:
        problems.append(_("The rate must be more than zero."))
    else:
        field = ExchangeRate._meta.get_field("rate")
        try:
            field.run_validators(row.rate)
        except ValidationError:
            problems.append(
                _(
                    "The rate must have at most %(whole)d digits before the point and %(places)d after it."
                )
                % {"whole": RATE_MAX_DIGITS - RATE_DECIMAL_PLACES, "places": RATE_DECIMAL_PLACES}
            )
    try:
        ExchangeRate._meta.get_field("date").run_validators(row.date)
    except ValidationError as exc:
        problems.extend(exc.messages)
    return problems


def refusals(rows: Sequence[RateRow]) -> list[str]:
    """What is wrong with each row, each message naming its line (or its date and currency);
    a day's rate of a currency given twice is wrong on the second line."""
    known = {code for code, _label in currency_choices()}
    seen: dict[tuple[datetime.date, str], int | None] = {}
    messages = []
    for row in rows:
        problems = _problems(row, known)
        key = (row.date, row.currency)
        if key in seen:
            first = seen[key]
            problems.append(
                _("The rate of %(code)s on %(day)s is given twice (also on line %(line)s).")
                % {"code": row.currency, "day": f"{row.date:%d.%m.%Y}", "line": first or "—"}
            )
        else:
            seen[key] = row.line
        for problem in problems:
            if row.line is None:
                messages.append(f"{row.currency} {row.date:%d.%m.%Y}: {problem}")
            else:
                messages.append(
                    _("line %(line)d: %(message)s") % {"line": row.line, "message": problem}
                )
    return messages


@transaction.atomic
def rates_record(*, rows: Sequence[RateRow], source: str, user: User | None = None) -> Recorded:
    """Keep the rows, each day's rate of a currency once: a row for a day already kept
    replaces it when it differs (the bank corrected it, or the department typed it again),
    and is left alone when it is the same. Nothing is written if any row is wrong."""
    wrong = refusals(rows)
    if wrong:
        raise ActionBlocked(*wrong)
    if not rows:
        return Recorded(0, 0, 0)
    kept = {
        (rate.date, rate.currency): rate
        for rate in ExchangeRate.objects.select_for_update().filter(
            date__in={row.date for row in rows}, currency__in={row.currency for row in rows}
        )
    }
    created, changed, unchanged = [], [], 0
    for row in rows:
        old = kept.get((row.date, row.currency))
        if old is None:
            created.append(
                ExchangeRate(
                    date=row.date,
                    currency=row.currency,
                    quantity=row.quantity,
                    rate=row.rate,
                    source=source,
                    recorded_by=user,
                )
            )
        elif old.quantity == row.quantity and old.rate == row.rate:
            unchanged += 1
        else:
            old.quantity, old.rate, old.source, old.recorded_by = (
                row.quantity,
                row.rate,
                source,
                user,
            )
            changed.append(old)
    # A fetch running at the same moment may have kept the same day: its row stands.
    ExchangeRate.objects.bulk_create(created, batch_size=500, ignore_conflicts=True)
    for rate in changed:
        rate.save(update_fields=["quantity", "rate", "source", "recorded_by", "recorded_at"])
    return Recorded(len(created), len(changed), unchanged)


def rates_upload(*, user: User, rows: Sequence[RateRow]) -> Recorded:
    """Rates the department typed or exported from the bank's site, for where the app cannot
    reach the bank's service. Every wrong row is named, and then nothing is kept."""
    if not can_upload_rates(user):
        raise ActionForbidden(_("Only the department's coordinators upload exchange rates."))
    if not rows:
        raise ActionBlocked(_("The file has no rates."))
    return rates_record(rows=rows, source=ExchangeRate.Source.UPLOAD, user=user)
