"""The department's upload of rates (page and command), and the list everyone reads."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from rates.models import ExchangeRate
from rates.services import RateRow, rates_record
from tests.web import signed_in

pytestmark = pytest.mark.django_db
D = datetime.date
RECORDED = Path(__file__).parent / "fixtures" / "nbg-2023-01-06.json"

GOOD_CSV = (
    "თარიღი,ვალუტა,რაოდენობა,კურსი\n"
    '02.03.2026,USD,1,"2,7120"\n'
    "2026-03-02,JPY,100,1.8035\n"
    "2026-03-03,usd,,2.7150\n"
)


def _upload(client: Any, name: str, content: bytes) -> Any:
    return client.post("/rates/upload/", {"file": SimpleUploadedFile(name, content)})


def test_a_coordinator_uploads_a_csv_in_georgian_headers(coordinator) -> None:
    response = _upload(signed_in(coordinator), "rates.csv", GOOD_CSV.encode())
    assert response.status_code == 302 and response["Location"] == "/rates/"
    kept = {
        (r.date, r.currency): (r.quantity, r.rate, r.source) for r in ExchangeRate.objects.all()
    }
    assert kept == {
        (D(2026, 3, 2), "USD"): (1, Decimal("2.712"), "upload"),
        (D(2026, 3, 2), "JPY"): (100, Decimal("1.8035"), "upload"),
        (D(2026, 3, 3), "USD"): (1, Decimal("2.715"), "upload"),
    }
    assert ExchangeRate.objects.filter(recorded_by=coordinator).count() == 3


def test_an_xlsx_with_english_headers_and_the_banks_json_are_read(coordinator) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Currency", "Quantity", "Rate"])
    sheet.append([datetime.datetime(2026, 3, 2), "EUR", 1, 3.0125])
    buffer = io.BytesIO()
    book.save(buffer)
    client = signed_in(coordinator)
    assert _upload(client, "rates.xlsx", buffer.getvalue()).status_code == 302
    assert _upload(client, "nbg.json", RECORDED.read_bytes()).status_code == 302
    assert ExchangeRate.objects.get(currency="EUR", date=D(2026, 3, 2)).rate == Decimal("3.0125")
    assert ExchangeRate.objects.filter(date=D(2023, 1, 6)).count() == 6


def test_every_wrong_line_is_named_in_georgian_and_nothing_is_kept(coordinator) -> None:
    bad = (
        "date,currency,quantity,rate\n"
        "2026-03-02,USD,1,2.7120\n"
        "31.02.2026,USD,1,2.7\n"
        "2026-03-03,XYZ,1,2.7\n"
        "2026-03-04,EUR,0,-3\n"
        "2026-03-02,USD,1,2.7125\n"
        "2026-03-05,GBP,1,\n"
    )
    response = _upload(signed_in(coordinator), "rates.csv", bad.encode())
    assert response.status_code == 400
    page = response.content.decode()
    assert not ExchangeRate.objects.exists()
    # Cells that cannot be read first, each with its line.
    assert "სტრიქონი 3" in page and "31.02.2026" in page
    assert "სტრიქონი 7" in page
    response = _upload(
        signed_in(coordinator),
        "rates.csv",
        bad.replace("31.02", "28.02").replace(",\n", ",3.5\n").encode(),
    )
    page = response.content.decode()
    assert response.status_code == 400 and not ExchangeRate.objects.exists()
    for line in ("სტრიქონი 4", "სტრიქონი 5", "სტრიქონი 6"):
        assert line in page
    assert "XYZ" in page
    # The reasons stand next to the file field, inside the form.
    assert page.index('id="refusals"') > page.index('type="file"')


def test_a_file_without_the_rate_column_says_which_is_missing(coordinator) -> None:
    response = _upload(signed_in(coordinator), "r.csv", b"date,currency,kurs\n2026-03-02,USD,2.7\n")
    assert response.status_code == 400
    assert "ფაილს აკლია სვეტები" in response.content.decode()


def test_only_the_department_uploads(focal_point, viewer, minister) -> None:
    for person in (focal_point, viewer, minister):
        client = signed_in(person)
        assert client.get("/rates/upload/").status_code == 403
        assert _upload(client, "rates.csv", GOOD_CSV.encode()).status_code == 403
    assert not ExchangeRate.objects.exists()


def test_the_list_shows_the_latest_rate_of_each_currency(viewer) -> None:
    rates_record(
        rows=[
            RateRow(date=D(2026, 3, 2), currency="USD", quantity=1, rate=Decimal("2.7120")),
            RateRow(date=D(2026, 3, 3), currency="USD", quantity=1, rate=Decimal("2.7150")),
            RateRow(date=D(2026, 3, 2), currency="EUR", quantity=1, rate=Decimal("3.0125")),
        ],
        source=ExchangeRate.Source.NBG,
    )
    page = signed_in(viewer).get("/rates/").content.decode()
    latest = page[page.index('id="latest"') : page.index('id="rates"')]
    assert 'data-currency="USD"' in latest and "03.03.2026" in latest and "02.03.2026" in latest
    assert "2.7150" in latest and "2.7120" not in latest
    assert 'href="/rates/upload/"' not in page
    only_eur = signed_in(viewer).get("/rates/?currency=EUR").content.decode()
    listed = only_eur[only_eur.index('id="rates"') :]
    assert "3.0125" in listed and "2.7150" not in listed


def test_the_command_loads_a_file_and_refuses_a_wrong_one(tmp_path: Path) -> None:
    good = tmp_path / "rates.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("rates_load", str(good), stdout=out)
    assert "3 new" in out.getvalue() and ExchangeRate.objects.count() == 3
    call_command("rates_load", str(good), stdout=out)
    assert "3 unchanged" in out.getvalue() and ExchangeRate.objects.count() == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("date,currency,quantity,rate\n2026-03-09,USD,1,abc\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"2: .*abc"):
        call_command("rates_load", str(bad))
    assert ExchangeRate.objects.count() == 3
