"""The donor match on a need: which donors' priorities match it and why, and what each funded
before in the need's sector."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from core.models import Donor
from insight.comparison import Amount
from insight.donor_match import donor_matches
from tests.factories import DonorFactory
from tests.insight.commitment_data import (
    budget,
    commitment,
    framework,
    in_sector,
    need,
    priority,
    project,
)

pytestmark = pytest.mark.django_db

BORDER = "15210"  # Security system management and reform
POLICE = "15130"  # Legal and judicial development


def _donor(acronym: str, **fields: object) -> Donor:
    return DonorFactory.create(acronym=acronym, name_ka=f"დონორი {acronym}", **fields)


def test_donors_match_by_framework_sector_or_theme_and_say_why(unit, coordinator) -> None:
    served = commitment(unit, coordinator, "14.2", framework=framework("eu-aa"))
    wanted = need(
        unit,
        coordinator,
        "სასაზღვრო ლაბორატორია",
        served,
        sector=BORDER,
        description="მიგრაციის მართვის ლაბორატორიის აღჭურვა",
    )
    both, by_sector, by_theme = _donor("EU"), _donor("SIDA"), _donor("USAID")
    priority(both, framework=served.framework)
    priority(both, sector=BORDER)
    priority(by_sector, sector=BORDER)
    priority(by_theme, theme="კიბერ; მიგრაცი")  # a stem finds every form of the word
    priority(_donor("OTHER"), theme="განათლება")
    priority(_donor("NATO"), framework=framework("nato-anp"), sector=POLICE)
    priority(_donor("GONE", is_active=False), sector=BORDER)

    matches = donor_matches(wanted)

    assert [match.donor.acronym for match in matches] == ["EU", "SIDA", "USAID"]
    assert [(r.kind, r.label) for r in matches[0].reasons] == [
        ("framework", served.framework.name),
        ("sector", f"{BORDER} — უსაფრთხოების სისტემის მართვა და რეფორმა"),
    ]
    assert [r.kind for r in matches[1].reasons] == ["sector"]
    assert [(r.kind, r.label) for r in matches[2].reasons] == [("theme", "კიბერ; მიგრაცი")]


def test_each_donor_shows_what_it_funded_before_in_the_needs_sector(unit, coordinator) -> None:
    wanted = need(unit, coordinator, "საზღვარი", sector=BORDER)
    funder = _donor("EU")
    priority(funder, sector=BORDER)
    earlier = project(
        coordinator,
        donor=funder,
        title_ka="საზღვრის მართვა",
        planned_start=datetime.date(2019, 3, 1),
        planned_end=datetime.date(2021, 12, 31),
        actual_start=datetime.date(2019, 5, 1),
    )
    in_sector(earlier, BORDER)
    budget(earlier, 500000)
    # Another sector, and a project in the sector the donor had no part in: not listed.
    in_sector(project(coordinator, donor=funder, title_ka="პოლიცია"), POLICE)
    in_sector(project(coordinator, donor=_donor("X"), title_ka="სხვისი"), BORDER)

    [match] = donor_matches(wanted)

    [prior] = match.funded
    assert prior.project == earlier and (prior.start, prior.end) == (2019, 2021)
    assert prior.amounts == [Amount(Decimal(500000), "EUR")]

    # Without a sector the need has nothing to compare: no earlier funding is listed.
    themed = need(unit, coordinator, "საზღვრის ტრენინგი")
    priority(funder, theme="საზღვრ")
    [match] = donor_matches(themed)
    assert match.funded == []


@pytest.mark.parametrize("count", [5, 50])
def test_the_match_takes_the_same_few_queries_for_five_or_fifty_donors(
    count, unit, coordinator, django_assert_max_num_queries
) -> None:
    served = commitment(unit, coordinator, "1.1")
    wanted = need(unit, coordinator, "მიგრაცია", served, sector=BORDER)
    for number in range(count):
        donor = _donor(f"D{number}")
        priority(donor, framework=served.framework)
        priority(donor, sector=BORDER)
        priority(donor, theme="მიგრაცი")
        made = project(coordinator, donor=donor, planned_start=datetime.date(2020, 1, 1))
        in_sector(made, BORDER)
        budget(made, 1000)
    with django_assert_max_num_queries(5):
        matches = donor_matches(wanted)
        for match in matches:
            str(match.donor)
    assert len(matches) == count
    assert all(len(match.reasons) == 3 and len(match.funded) == 1 for match in matches)
