"""The National Bank of Georgia's public rates service: asked for a date, it answers a JSON list
with one object holding the ``date`` and the ``currencies`` (``code``, ``quantity``,
``rateFormated``, ``rate``, ``validFromDate``...). The rates are kept under the answer's own
date; a date the bank gives nothing for is converted at the last rate before it.

Beat ticks; the database decides what is due: the days of the last RATES_CATCH_UP_DAYS
without any rate are asked for, so a day missed while the bank or the network was down is
filled at the next tick, and a day already kept is never asked again.
"""

from __future__ import annotations

import datetime
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from core.codelists import currency_choices
from rates.convert import GEL
from rates.models import ExchangeRate
from rates.services import RateRow, rates_record, refusals

log = logging.getLogger(__name__)

# The bank's answer for a day is a few kilobytes; anything far larger is not its answer.
MAX_ANSWER_BYTES = 1024 * 1024


class FeedError(Exception):
    """The answer is not what the bank's service gives: asking again will not help."""


class FetchFailed(Exception):
    """The service could not be reached, or answered with a server error: worth a retry."""


def _day(text: Any) -> datetime.date:
    if not isinstance(text, str) or len(text) < 10:
        raise ValueError(text)
    return datetime.date.fromisoformat(text[:10])


def _rate(entry: dict[str, Any]) -> Decimal:
    # "rateFormated" is the bank's own decimal text; "rate" is a JSON number (a float).
    text = entry.get("rateFormated")
    if not isinstance(text, str) or not text.strip():
        number = entry.get("rate")
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise ValueError(number)
        text = str(number)
    rate = Decimal(text.strip())
    if not rate.is_finite() or rate <= 0:
        raise ValueError(text)
    return rate


def parse_answer(body: bytes) -> list[RateRow]:
    """The rates in the bank's answer; an entry the app cannot use (an unknown code, a broken
    number) is left out and logged, and an answer that is not the bank's shape is refused."""
    try:
        answer = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FeedError(f"not JSON: {exc}") from exc
    if not isinstance(answer, list) or not answer:
        raise FeedError("the answer is not a list of days")
    known = {code for code, _label in currency_choices()}
    rows: dict[tuple[datetime.date, str], RateRow] = {}
    for day in answer:
        if not isinstance(day, dict) or not isinstance(day.get("currencies"), list):
            raise FeedError("a day without its list of currencies")
        for entry in day["currencies"]:
            if not isinstance(entry, dict):
                raise FeedError("a currency that is not an object")
            code = str(entry.get("code", "")).strip().upper()
            try:
                on = _day(day.get("date") or entry.get("validFromDate"))
                quantity = entry.get("quantity", 1)
                if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
                    raise ValueError(quantity)
                row = RateRow(date=on, currency=code, quantity=quantity, rate=_rate(entry))
            except (ValueError, InvalidOperation):
                log.warning("rates: the bank's entry for %r cannot be read: %r", code, entry)
                continue
            if code not in known or code == GEL:
                log.info("rates: %r is not an ISO 4217 currency the app knows; left out", code)
                continue
            # An entry the register would refuse (a rate finer than it keeps, a date out of
            # range) is left out here, so it cannot refuse the whole day's rates with it.
            refused = refusals([row])
            if refused:
                log.warning("rates: the bank's entry for %r is left out: %s", code, refused)
                continue
            rows[(row.date, row.currency)] = row
    return list(rows.values())


def fetch_day(day: datetime.date) -> list[RateRow]:
    """Ask the bank's service for the rates of ``day``."""
    url = f"{settings.RATES_NBG_URL}?{urlencode({'date': day.isoformat()})}"
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "Donorflow"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.RATES_FETCH_TIMEOUT) as response:
            body = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            raise FetchFailed(f"{url}: HTTP {exc.code}") from exc
        raise FeedError(f"{url}: HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise FetchFailed(f"{url}: {exc}") from exc
    if len(body) > MAX_ANSWER_BYTES:
        raise FeedError(f"{url}: the answer is larger than {MAX_ANSWER_BYTES} bytes")
    return parse_answer(body)


def dates_due(today: datetime.date) -> list[datetime.date]:
    """The days of the catch-up window, oldest first, for which the bank has given no rate
    yet: a day someone uploaded a currency or two for is still asked, so the bank's other
    currencies do not quietly fall back on an older rate."""
    window = [
        today - datetime.timedelta(days=back)
        for back in range(settings.RATES_CATCH_UP_DAYS, -1, -1)
    ]
    kept = set(
        ExchangeRate.objects.filter(date__in=window, source=ExchangeRate.Source.NBG)
        .values_list("date", flat=True)
        .distinct()
    )
    return [day for day in window if day not in kept]


@dataclass
class FetchOutcome:
    asked: list[datetime.date] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    failed: list[str] = field(default_factory=list)
    # A failure a retry may cure (the network, a server error).
    transient: bool = False


def rates_fetch(*, today: datetime.date) -> FetchOutcome:
    """Ask the bank for each day due and keep what it answers, a day at a time. A failure is
    logged and leaves every rate kept before as it was; the other days are still asked."""
    outcome = FetchOutcome()
    if not settings.RATES_FETCH:
        return outcome
    for day in dates_due(today):
        outcome.asked.append(day)
        try:
            rows = fetch_day(day)
        except FetchFailed as exc:
            log.warning("rates: the bank's service could not be reached for %s: %s", day, exc)
            outcome.failed.append(str(exc))
            outcome.transient = True
            continue
        except FeedError as exc:
            log.error("rates: the bank's answer for %s is refused: %s", day, exc)
            outcome.failed.append(str(exc))
            continue
        recorded = rates_record(rows=rows, source=ExchangeRate.Source.NBG)
        outcome.created += recorded.created
        outcome.updated += recorded.updated
    return outcome
