"""The bank's rates fetched from a real HTTP server on this machine that answers as the bank
did (a recorded answer), and the task beat runs."""

from __future__ import annotations

import datetime
import http.server
import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine

from rates.convert import to_gel
from rates.models import ExchangeRate
from rates.nbg import FetchFailed, parse_answer, rates_fetch
from rates.services import RateRow, rates_record
from rates.tasks import fetch_rates

pytestmark = pytest.mark.django_db
D = datetime.date
RECORDED = (Path(__file__).parent / "fixtures" / "nbg-2023-01-06.json").read_bytes()
PATH = "/gw/api/ct/monetarypolicy/currencies/en/json/"


class Bank:
    """What the local server answers: ``answers`` maps an asked date to (status, body); every
    request's date is kept in ``asked``."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, bytes]] = {}
        self.asked: list[str] = []


@pytest.fixture
def bank(settings: Any) -> Iterator[Bank]:
    state = Bank()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            day = parse_qs(url.query).get("date", [""])[0]
            state.asked.append(day)
            status, body = (
                state.answers.get(day, (404, b"not found")) if url.path == PATH else (404, b"")
            )
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.RATES_NBG_URL = f"http://127.0.0.1:{server.server_address[1]}{PATH}"
    settings.RATES_FETCH = True
    settings.RATES_CATCH_UP_DAYS = 0
    settings.RATES_FETCH_TIMEOUT = 5
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _kept() -> dict[str, tuple[int, Decimal, str]]:
    return {
        r.currency: (r.quantity, r.rate, r.source)
        for r in ExchangeRate.objects.filter(date=D(2023, 1, 6))
    }


def test_the_recorded_answer_is_kept_exactly_with_its_quantities(bank: Bank) -> None:
    bank.answers["2023-01-06"] = (200, RECORDED)
    outcome = rates_fetch(today=D(2023, 1, 6))
    assert bank.asked == ["2023-01-06"] and outcome.created == 6 and not outcome.failed
    kept = _kept()
    assert kept["USD"] == (1, Decimal("2.7086"), "nbg")
    assert kept["RUB"] == (100, Decimal("3.7682"), "nbg")
    assert kept["UAH"] == (10, Decimal("0.7352"), "nbg")
    # 1,000 rubles at 3.7682 lari per hundred.
    assert to_gel(Decimal(1000), "RUB", D(2023, 1, 6)) == Decimal("37.68")


def test_fetching_again_asks_nothing_and_changes_nothing(bank: Bank) -> None:
    bank.answers["2023-01-06"] = (200, RECORDED)
    rates_fetch(today=D(2023, 1, 6))
    before = {r.pk: r.recorded_at for r in ExchangeRate.objects.all()}
    second = rates_fetch(today=D(2023, 1, 6))
    assert second.asked == [] and bank.asked == ["2023-01-06"]
    # The same answer written again (a second tick racing the first) changes no row.
    again = rates_record(rows=parse_answer(RECORDED), source=ExchangeRate.Source.NBG)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert {r.pk: r.recorded_at for r in ExchangeRate.objects.all()} == before


def test_a_corrected_rate_replaces_the_kept_one(bank: Bank) -> None:
    bank.answers["2023-01-06"] = (200, RECORDED)
    rates_fetch(today=D(2023, 1, 6))
    corrected = RECORDED.replace(b'"rateFormated": "2.7086"', b'"rateFormated": "2.7090"')
    outcome = rates_record(rows=parse_answer(corrected), source=ExchangeRate.Source.NBG)
    assert (outcome.created, outcome.updated) == (0, 1)
    assert _kept()["USD"][1] == Decimal("2.7090")
    assert ExchangeRate.objects.filter(currency="USD").count() == 1


def test_a_day_with_only_an_uploaded_rate_is_still_asked_of_the_bank(bank: Bank) -> None:
    rates_record(
        rows=[RateRow(date=D(2023, 1, 6), currency="USD", quantity=1, rate=Decimal("2.7000"))],
        source=ExchangeRate.Source.UPLOAD,
    )
    bank.answers["2023-01-06"] = (200, RECORDED)
    outcome = rates_fetch(today=D(2023, 1, 6))
    assert bank.asked == ["2023-01-06"] and outcome.created == 5 and outcome.updated == 1
    assert _kept()["EUR"][2] == "nbg"


def test_missed_days_are_asked_for_at_the_next_tick(bank: Bank, settings: Any) -> None:
    settings.RATES_CATCH_UP_DAYS = 2
    bank.answers["2023-01-06"] = (200, RECORDED)
    rates_fetch(today=D(2023, 1, 6))
    assert bank.asked == ["2023-01-04", "2023-01-05", "2023-01-06"]


@pytest.mark.parametrize(
    ("status", "body", "transient"),
    [
        (500, b"maintenance", True),
        (503, b"", True),
        (200, b"<html>maintenance</html>", False),
        (200, b"[]", False),
        (200, b'{"date": "2023-01-07"}', False),
        (404, b"not found", False),
    ],
)
def test_a_failed_fetch_keeps_the_old_rates(
    bank: Bank, status: int, body: bytes, transient: bool, caplog: Any
) -> None:
    rates_record(
        rows=[RateRow(date=D(2023, 1, 6), currency="USD", quantity=1, rate=Decimal("2.7086"))],
        source=ExchangeRate.Source.NBG,
    )
    bank.answers["2023-01-07"] = (status, body)
    outcome = rates_fetch(today=D(2023, 1, 7))
    assert outcome.failed and outcome.transient is transient
    assert [(r.date, r.rate) for r in ExchangeRate.objects.all()] == [
        (D(2023, 1, 6), Decimal("2.7086"))
    ]
    assert "rates:" in caplog.text
    # Saturday's total takes Friday's rate meanwhile.
    assert to_gel(Decimal(100), "USD", D(2023, 1, 7), today=D(2023, 1, 7)) == Decimal("270.86")


def test_an_entry_finer_than_the_register_keeps_is_left_out_and_the_rest_kept(
    bank: Bank, caplog: Any
) -> None:
    answer = json.loads(RECORDED)
    for entry in answer[0]["currencies"]:
        if entry["code"] == "USD":
            entry.pop("rateFormated", None)
            entry["rate"] = 2.70861234567
    bank.answers["2023-01-06"] = (200, json.dumps(answer).encode())
    outcome = rates_fetch(today=D(2023, 1, 6))
    assert not outcome.failed and outcome.created == 5
    assert "USD" not in _kept() and "EUR" in _kept()
    assert "rates: the bank's entry for 'USD' is left out" in caplog.text


def test_the_task_retries_when_the_bank_cannot_be_reached(bank: Bank) -> None:
    bank.answers["2023-01-06"] = (502, b"")
    with time_machine.travel(datetime.datetime(2023, 1, 6, 19, 0, tzinfo=datetime.UTC)):
        with pytest.raises(FetchFailed):
            fetch_rates()
        assert not ExchangeRate.objects.exists()
        bank.answers["2023-01-06"] = (200, RECORDED)
        fetch_rates()
    assert len(_kept()) == 6


def test_the_task_does_not_retry_an_answer_it_refuses(bank: Bank) -> None:
    bank.answers["2023-01-06"] = (200, b"not json")
    with time_machine.travel(datetime.datetime(2023, 1, 6, 19, 0, tzinfo=datetime.UTC)):
        fetch_rates()
    assert not ExchangeRate.objects.exists()


def test_an_unreachable_bank_is_a_transient_failure(settings: Any) -> None:
    # A port nothing listens on: the connection is refused.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.RATES_NBG_URL = f"http://127.0.0.1:{port}{PATH}"
    settings.RATES_CATCH_UP_DAYS = 0
    settings.RATES_FETCH = True
    outcome = rates_fetch(today=D(2023, 1, 6))
    assert outcome.transient and not ExchangeRate.objects.exists()


def test_no_fetch_where_it_is_switched_off(bank: Bank, settings: Any) -> None:
    settings.RATES_FETCH = False
    bank.answers["2023-01-06"] = (200, RECORDED)
    assert rates_fetch(today=D(2023, 1, 6)).asked == []
    assert bank.asked == []


def test_an_unknown_code_or_broken_entry_is_left_out() -> None:
    body = RECORDED.replace(b'"code": "BYN"', b'"code": "XXZ"').replace(
        b'"rateFormated": "3.8652"', b'"rateFormated": "n/a"'
    )
    codes = {row.currency for row in parse_answer(body)}
    assert codes == {"EUR", "USD", "UAH", "RUB"}
