"""Three real files (samples/), as donors and d-portal publish them, read through the
API with IATI's budget rule, languages kept as they are, and money per currency."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import User
from iati.models import IatiImport
from iati.reading import iati_import_read
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parent / "samples"


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def _read_through_api(user: User, name: str, data: bytes) -> tuple[dict, dict[str, dict]]:
    api = client_for(user)
    queued = api.post(
        "/api/iati/imports/", {"file": SimpleUploadedFile(name, data)}, format="multipart"
    )
    assert queued.status_code == 202, queued.content
    assert set(queued.json()) == {"id", "status"} and queued.json()["status"] == "queued"
    iati_import_read(import_id=queued.json()["id"])
    status = api.get(f"/api/iati/imports/{queued.json()['id']}/").json()
    rows: dict[str, dict] = {}
    url: str | None = f"/api/iati/imports/{status['id']}/activities/?page_size=200"
    while url:
        page = api.get(url).json()
        rows |= {row["identifier"]: row for row in page["results"]}
        url = page["next"]
    return status, rows


def test_dfid_revisions_replace_the_original_of_their_own_quarter_only(coordinator: User) -> None:
    status, rows = _read_through_api(coordinator, "dfid.xml", _sample("dfid-albania-2.01.xml"))
    assert status["status"] == "ready" and status["activities"] == 8 == len(rows)
    assert status["refusal"] is None
    # Two revised quarters (-7,826 and 31,832) and three originals of other quarters.
    assert rows["GB-1-109635-101"]["budget"] == {"GBP": "162393.00"}
    assert rows["GB-1-109636-101"]["budget"] == {"GBP": "336915.00"}  # originals only
    assert rows["GB-1-109635-101"]["committed"] == {"GBP": "162393.00"}
    assert rows["GB-1-109635-101"]["title_en"].startswith("NOTFORPROFITORG")


def test_dutch_titles_stay_dutch(coordinator: User) -> None:
    _status, rows = _read_through_api(coordinator, "nl.xml", _sample("nl-dgis-2.03.xml"))
    row = rows["NL-1-PPR-24706"]
    assert (row["title"], row["title_en"]) == ("ICTJ 2013-2014", "")
    assert row["budget"] == {"EUR": "2000000"}  # the activity's default currency
    assert row["committed"] == {"EUR": "2000000"} and row["disbursed"] == {"EUR": "2000000"}
    assert all(r["title_en"] == "" for r in rows.values())


def test_a_dportal_download_is_read_with_the_version_on_each_activity(coordinator: User) -> None:
    status, rows = _read_through_api(
        coordinator, "activities.xml", _sample("dportal-download-mixed-2.02.xml")
    )
    assert status["status"] == "ready" and status["activities"] == len(rows) > 90
    assert status["new"] == len(rows) and status["held"] == 0
    # No budget, but committed and disbursed per currency (USD by the activity's default).
    usaid = rows["US-GOV-1-AID-OFDA-G-15-00045"]
    assert usaid["budget"] == {}
    assert usaid["committed"] == {"USD": str(sum(_transactions(usaid["identifier"], "2")))}
    assert usaid["disbursed"] == {"USD": str(sum(_transactions(usaid["identifier"], "3")))}
    assert len(_transactions(usaid["identifier"], "2")) > 1  # a commitment and its corrections
    # Two revised quarters, no originals: both count.
    assert rows["GB-1-204805-112"]["budget"] == {"GBP": "500000"}
    # A French activity: its title is French, and there is no English title.
    french = rows["XM-DAC-41114-OUTPUT-00100692"]
    assert french["title"].startswith("Réponse a la Flambée Ebola") and french["title_en"] == ""
    assert rows["FR-3-CCI1478"]["title_en"] == ""


def _transactions(identifier: str, code: str) -> list:
    from decimal import Decimal

    from lxml import etree

    root = etree.fromstring(_sample("dportal-download-mixed-2.02.xml"))
    (activity,) = [a for a in root if a.findtext("iati-identifier") == identifier]
    return [
        Decimal(t.findtext("value"))
        for t in activity.iterfind("transaction")
        if t.find("transaction-type").get("code") == code
    ]


@pytest.mark.parametrize(
    "data",
    [
        b'<iati-activities version="1.05"><iati-activity/></iati-activities>',
        b'<iati-activities><iati-activity version="1.03"><iati-identifier>A</iati-identifier>'
        b"</iati-activity></iati-activities>",
    ],
)
def test_version_one_is_refused_with_a_georgian_reason(coordinator: User, data: bytes) -> None:
    api = client_for(coordinator)
    response = api.post(
        "/api/iati/imports/", {"file": SimpleUploadedFile("old.xml", data)}, format="multipart"
    )
    if response.status_code == 202:  # stated on each activity: found while reading
        iati_import_read(import_id=response.json()["id"])
        body = api.get(f"/api/iati/imports/{response.json()['id']}/").json()
        assert body["status"] == "refused"
        reason = body["refusal"]
    else:
        assert response.status_code == 400
        reason = str(response.json())
        assert not IatiImport.objects.exists()
    assert "ვერსი" in reason and "2.01" in reason


def test_activities_of_version_one_in_a_mixed_download_are_passed_over_and_said(
    coordinator: User,
) -> None:
    data = (
        b"<iati-activities>"
        b'<iati-activity version="1.03"><iati-identifier>OLD-1</iati-identifier></iati-activity>'
        b'<iati-activity version="2.03" xml:lang="en"><iati-identifier>NEW-1</iati-identifier>'
        b"<title><narrative>New</narrative></title></iati-activity>"
        b"</iati-activities>"
    )
    status, rows = _read_through_api(coordinator, "mixed.xml", data)
    assert list(rows) == ["NEW-1"] and rows["NEW-1"]["title_en"] == "New"
    assert any("1.03" in problem for problem in status["problems"])


def test_an_activity_of_many_transactions_is_summed_as_they_are_dropped() -> None:
    import io

    from iati.reader import ActivityStream

    transactions = "".join(
        f'<transaction><transaction-type code="{2 if n % 10 == 0 else 3}"/>'
        f'<transaction-date iso-date="2026-01-01"/><value value-date="2026-01-01">{n}</value>'
        "</transaction>"
        for n in range(5000)
    )
    data = (
        '<iati-activities version="2.03"><iati-activity default-currency="EUR">'
        f"<iati-identifier>XM-MANY</iati-identifier>{transactions}</iati-activity>"
        "</iati-activities>"
    ).encode()
    left_in_tree: list[int] = []
    stream = ActivityStream(
        io.BytesIO(data), check=lambda e: left_in_tree.append(len(e.findall("transaction")))
    )
    (activity,) = list(stream)
    assert activity.committed == {"EUR": str(sum(range(0, 5000, 10)))}
    assert activity.disbursed == {"EUR": str(sum(range(5000)) - sum(range(0, 5000, 10)))}
    assert left_in_tree == [0]


def test_adopting_over_the_api_moves_an_activity_from_new_to_held(
    coordinator: User,
    unit,
    donor,
) -> None:
    status, rows = _read_through_api(coordinator, "dfid.xml", _sample("dfid-albania-2.01.xml"))
    api = client_for(coordinator)
    adopted = api.post(
        f"/api/iati/imports/{status['id']}/adopt/",
        {
            "identifiers": ["GB-1-109635-101"],
            "owning_unit": unit.pk,
            "kind": "grant",
            "donor": donor.pk,
        },
        format="json",
    )
    assert adopted.status_code == 201, adopted.content
    (opportunity,) = adopted.json()
    after = api.get(f"/api/iati/imports/{status['id']}/").json()
    assert (after["held"], after["new"]) == (1, len(rows) - 1)
    held = api.get(f"/api/iati/imports/{status['id']}/activities/?held=true").json()["results"]
    assert [(r["identifier"], r["held_by"]) for r in held] == [
        ("GB-1-109635-101", {"opportunity": opportunity["id"]})
    ]
