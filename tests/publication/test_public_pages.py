"""The public projects page and its feeds: open without sign-in, cacheable, and nothing that
is not published can be reached, found or filtered for from them."""

from __future__ import annotations

import datetime
import json
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import Client

from core.models import Donor, User
from projects.models import Project, ProjectParticipant
from tests.conftest import ALL_PUBLIC
from tests.factories import DonorFactory, ProjectFactory

ATOM = "{http://www.w3.org/2005/Atom}"
SECRET = "საიდუმლო"


@pytest.fixture
def hidden(coordinator: User) -> dict[str, Project | Donor]:
    """Projects the public must never see, and a public one with most fields kept back."""
    secret_donor = DonorFactory.create(name_ka=f"{SECRET} დონორი", name_en="Secret donor")
    unpublished = ProjectFactory.create(
        title_ka=f"{SECRET} პროექტი",
        goal=f"{SECRET} მიზანი",
        status="2",
        is_public=False,
        public_fields=ALL_PUBLIC,
        planned_start=datetime.date(2019, 1, 1),
        created_by=coordinator,
    )
    unpublished.participants.create(role=ProjectParticipant.Role.FUNDING, donor=secret_donor)
    closed = ProjectFactory.create(
        title_ka=f"{SECRET} დასრულებული",
        status="4",
        is_public=True,
        public_fields=ALL_PUBLIC,
        created_by=coordinator,
    )
    partly = ProjectFactory.create(
        title_ka="ნაწილობრივ საჯარო",
        title_en=f"{SECRET} English",
        goal=f"{SECRET} goal text",
        status="2",
        is_public=True,
        public_fields=["budget"],
        planned_start=datetime.date(2018, 5, 1),
        created_by=coordinator,
    )
    partly.participants.create(role=ProjectParticipant.Role.FUNDING, donor=secret_donor)
    return {"unpublished": unpublished, "closed": closed, "partly": partly, "donor": secret_donor}


def test_page_lists_public_fields_without_sign_in(public_project: Project, client: Client) -> None:
    response = client.get("/public/projects/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "სასაზღვრო მართვის გაძლიერება" in html
    assert "ევროკავშირი" in html  # donor
    assert "500" in html and "EUR" in html  # budget
    assert "01.02.2026" in html  # dates
    assert "კახეთი" in html
    english = client.get("/public/projects/?language=en").content.decode()
    assert "Border management support" in english and "European Union" in english
    assert "Kakheti" in english


def test_nothing_unpublished_can_be_reached(
    public_project: Project,
    hidden: dict[str, Project],
    client: Client,
) -> None:
    pages = [
        client.get("/public/projects/").content,
        client.get("/public/projects/?language=en").content,
        client.get("/public/projects.json").content,
        client.get("/public/projects.json?language=en").content,
        client.get("/public/projects.atom").content,
        client.get(f"/public/projects/{hidden['partly'].pk}/?language=en").content,
    ]
    for body in pages:
        text = body.decode()
        assert SECRET not in text
        assert "Secret donor" not in text
    for project in (hidden["unpublished"], hidden["closed"]):
        assert client.get(f"/public/projects/{project.pk}/").status_code == 404
    # Filters and search cannot find what is kept back either.
    for query in (
        {"q": SECRET},
        {"q": "goal text"},
        {"donor": hidden["donor"].pk},
        {"year": 2019},
        {"year": 2018},
    ):
        data = json.loads(client.get("/public/projects.json", query).content)
        assert data["count"] == 0, query
    partly = json.loads(client.get("/public/projects.json", {"q": "ნაწილობრივ"}).content)
    assert partly["projects"] == [
        {
            "id": hidden["partly"].pk,
            "url": f"{settings.DONORFLOW_SITE_URL}/public/projects/{hidden['partly'].pk}/",
            "title": "ნაწილობრივ საჯარო",
        }
    ]
    # The signed-in register is not opened by the public pages.
    assert client.get(f"/projects/{hidden['unpublished'].pk}/").status_code == 302


def test_search_and_filters(public_project: Project, coordinator: User, client: Client) -> None:
    other_donor = DonorFactory.create(name_ka="გაეროს განვითარების პროგრამა")
    other = ProjectFactory.create(
        title_ka="პოლიციის აკადემიის განახლება",
        status="2",
        is_public=True,
        public_fields=["participants", "dates"],
        planned_start=datetime.date(2024, 3, 1),
        planned_end=datetime.date(2025, 12, 31),
        created_by=coordinator,
    )
    other.participants.create(role=ProjectParticipant.Role.FUNDING, donor=other_donor)

    def titles(**query: str | int) -> list[str]:
        data = json.loads(client.get("/public/projects.json", query).content)
        return [p["title"] for p in data["projects"]]

    assert titles() == ["სასაზღვრო მართვის გაძლიერება", "პოლიციის აკადემიის განახლება"]
    assert titles(q="აკადემი") == ["პოლიციის აკადემიის განახლება"]
    assert titles(donor=other_donor.pk) == ["პოლიციის აკადემიის განახლება"]
    assert titles(year=2025) == ["პოლიციის აკადემიის განახლება"]
    assert titles(year=2027) == ["სასაზღვრო მართვის გაძლიერება"]  # runs 2026–2027
    assert titles(year="abc") == titles()  # a bad filter value is ignored, not an error

    page = client.get("/public/projects/", {"donor": other_donor.pk}).content.decode()
    assert "პოლიციის აკადემიის განახლება" in page
    assert "სასაზღვრო მართვის გაძლიერება" not in page


def test_atom_feed(public_project: Project, client: Client) -> None:
    response = client.get("/public/projects.atom?language=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Border management support"
    link_element = entry.find(f"{ATOM}link")
    assert link_element is not None
    link = link_element.get("href")
    assert link == f"{settings.DONORFLOW_SITE_URL}/public/projects/{public_project.pk}/?language=en"


def test_pages_are_cacheable(public_project: Project, client: Client) -> None:
    for url in ("/public/projects/", "/public/projects.json", "/public/projects.atom"):
        response = client.get(url)
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies  # nothing personal: a proxy may keep it
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304
    assert client.post("/public/projects/").status_code == 405
