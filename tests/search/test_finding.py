"""The search across the registers: on PostgreSQL by trigrams (part of a Georgian word, its
middle too, another ending of it), with a plain containment search for SQLite; each register
read through its list's own selector, so nobody finds what their lists would not show."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Q, QuerySet
from django.test.utils import CaptureQueriesContext

from core.models import OrganisationalUnit, User
from needs.models import Need
from needs.services import need_create
from projects.services.documents import project_document_add
from search import finding
from tests.factories import MeetingFactory, ProjectFactory
from trainings.services import training_create
from workflow.models import Opportunity
from workflow.services.records import attachment_add, attachment_remove

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"
TITLE = "საზღვრის მართვის შესაძლებლობების განვითარება"


def _found(groups: list[finding.Found]) -> dict[str, list[Any]]:
    return {group.key: group.rows for group in groups}


def _counts(groups: list[finding.Found]) -> dict[str, int]:
    return {group.key: group.count for group in groups}


@pytest.mark.parametrize(
    "text",
    [
        "განვითარება",  # a whole word
        "განვით",  # its beginning
        "ვითარ",  # its middle
        "განვითარების",  # another ending of a word
        "მართვის განვითარ",  # two words, apart in the title
        "საზღვრის მართვ",  # two words together
    ],
)
def test_an_opportunity_is_found_by_part_of_its_georgian_title(
    viewer: User, make_opportunity: Callable[..., Opportunity], text: str
) -> None:
    wanted = make_opportunity(title=TITLE)
    make_opportunity(title="სასწავლო ცენტრის აღჭურვა")
    found = _found(finding.find(viewer, text))
    assert found["opportunities"] == [wanted]


def test_containing_ranks_above_alike(
    viewer: User, make_opportunity: Callable[..., Opportunity]
) -> None:
    alike = make_opportunity(title="მართვის სისტემა")
    containing = make_opportunity(title="სამართველო სისტემა")
    found = _found(finding.find(viewer, "მართველ"))
    assert found["opportunities"][0] == containing
    assert alike in found["opportunities"]


def test_an_opportunity_is_found_by_its_reference(
    viewer: User, make_opportunity: Callable[..., Opportunity]
) -> None:
    wanted = make_opportunity(reference="OPP-2031-0042")
    assert _found(finding.find(viewer, "opp-2031-0042"))["opportunities"] == [wanted]


def test_every_register_is_searched(
    coordinator: User,
    unit: OrganisationalUnit,
    make_opportunity: Callable[..., Opportunity],
    make_obligation: Callable[..., Any],
) -> None:
    make_opportunity(title="საპილოტო გრანტი")
    project = ProjectFactory.create(title_ka="საპილოტო პროექტი", created_by=coordinator)
    make_obligation(description="საპილოტო ანგარიში")
    need_create(
        user=coordinator,
        fields={"title": "საპილოტო აღჭურვილობა", "source": "aa", "responsible_unit": unit},
    )
    training_create(
        user=coordinator,
        fields={
            "name": "საპილოტო კურსი",
            "organiser": "FRONTEX",
            "unit": unit,
            "start_date": datetime.date(2026, 3, 2),
            "end_date": datetime.date(2026, 3, 4),
            "duration_days": Decimal("3"),
            "country": "პოლონეთი",
            "women": 1,
            "men": 2,
        },
    )
    MeetingFactory.create(title="საპილოტო შეხვედრა", created_by=coordinator)
    project_document_add(
        project=project,
        user=coordinator,
        upload=SimpleUploadedFile("საპილოტო_ხელშეკრულება.pdf", PDF),
    )
    groups = finding.find(coordinator, "საპილოტ")
    assert _counts(groups) == {
        "opportunities": 1,
        "projects": 1,
        "obligations": 1,
        "needs": 1,
        "trainings": 1,
        "meetings": 1,
        "documents": 1,
    }


def test_a_document_is_found_by_its_name_while_it_is_on_the_file(
    coordinator: User, make_opportunity: Callable[..., Opportunity]
) -> None:
    opportunity = make_opportunity()
    letter = attachment_add(
        opportunity=opportunity,
        user=coordinator,
        upload=SimpleUploadedFile("დონორის_წერილი.pdf", PDF),
    )
    attachment_add(
        opportunity=opportunity, user=coordinator, upload=SimpleUploadedFile("ბიუჯეტი.pdf", PDF)
    )
    assert _found(finding.find(coordinator, "წერილ"))["documents"] == [letter]
    attachment_remove(attachment=letter, user=coordinator, reason="შეცდომით ატვირთული")
    assert _counts(finding.find(coordinator, "წერილ"))["documents"] == 0


def test_a_search_finds_only_what_the_lists_show(
    coordinator: User,
    unit: OrganisationalUnit,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each register is read through its list's selector: a list narrowed for a person
    narrows their search the same way."""
    for title in ("ხილული საჭიროება", "დამალული საჭიროება"):
        need_create(
            user=coordinator,
            fields={"title": title, "source": "aa", "responsible_unit": unit},
        )
    from needs import selectors

    listed = selectors.need_list

    def narrowed() -> QuerySet[Need]:
        return listed().exclude(title__startswith="დამალული")

    monkeypatch.setattr(selectors, "need_list", narrowed)
    found = finding.find(coordinator, "საჭიროება")
    assert [need.title for need in _found(found)["needs"]] == ["ხილული საჭიროება"]
    assert _counts(found)["needs"] == 1


def test_nobody_signed_out_finds_anything(make_opportunity: Callable[..., Opportunity]) -> None:
    from django.contrib.auth.models import AnonymousUser

    make_opportunity(title=TITLE)
    assert finding.find(AnonymousUser(), "განვითარება") == []


@pytest.mark.parametrize("text", ["", " ", "ა", "  ბ  "])
def test_text_too_short_is_not_searched(viewer: User, text: str) -> None:
    assert finding.find(viewer, text) == []


def test_wildcards_are_searched_as_text(
    viewer: User, make_opportunity: Callable[..., Opportunity]
) -> None:
    make_opportunity(title="ნებისმიერი სათაური")
    wanted = make_opportunity(title="დაფინანსება 100% ოდენობით")
    assert _found(finding.find(viewer, "0%"))["opportunities"] == [wanted]
    assert _counts(finding.find(viewer, "__"))["opportunities"] == 0


def test_each_register_costs_one_query_and_shows_at_most_ten(
    viewer: User, make_opportunity: Callable[..., Opportunity]
) -> None:
    for n in range(12):
        make_opportunity(title=f"სატესტო შესაძლებლობა {n}")
    with CaptureQueriesContext(connection) as queries:
        groups = finding.find(viewer, "სატესტო")
    # One per register, two for the documents (opportunities' and projects').
    assert len(queries) == len(finding.REGISTERS) + 1
    opportunities = next(group for group in groups if group.key == "opportunities")
    assert opportunities.count == 12 and len(opportunities.rows) == 10


def test_postgresql_searches_by_trigrams() -> None:
    assert connection.vendor == "postgresql"
    assert finding.matcher_for(connection.vendor) is finding.trigram_match
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_%%_trgm'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert "search_workflow_opportunity_title_trgm" in indexes
    assert len(indexes) == 9


class TestThePlainSearchForSQLite:
    """The containment search SQLite uses (``make run``'s default), run here on the test
    database: it finds any part of a word, and nothing merely alike."""

    def test_it_is_chosen_for_sqlite(self) -> None:
        assert finding.matcher_for("sqlite") is finding.plain_match

    def test_its_condition_is_containment_of_each_word_only(self) -> None:
        condition, rank = finding.plain_match(("title", "reference"), "ვითარ 2031")
        assert condition == (Q(title__icontains="ვითარ") | Q(reference__icontains="ვითარ")) & (
            Q(title__icontains="2031") | Q(reference__icontains="2031")
        )
        assert rank.value == 0.0

    def test_it_finds_the_middle_of_a_word_case_aside(
        self, viewer: User, make_opportunity: Callable[..., Opportunity]
    ) -> None:
        wanted = make_opportunity(title=TITLE)
        english = make_opportunity(title="Border Management Capacity")
        plain = finding.plain_match
        assert _found(finding.find(viewer, "ვითარ", matcher=plain))["opportunities"] == [wanted]
        assert _found(finding.find(viewer, "management", matcher=plain))["opportunities"] == [
            english
        ]

    def test_it_does_not_find_another_ending(
        self, viewer: User, make_opportunity: Callable[..., Opportunity]
    ) -> None:
        make_opportunity(title=TITLE)
        plain = finding.plain_match
        assert _counts(finding.find(viewer, "განვითარების", matcher=plain))["opportunities"] == 0
        assert _counts(finding.find(viewer, "განვითარების"))["opportunities"] == 1
