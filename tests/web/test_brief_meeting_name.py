"""The decision brief and its PDF pack name the coordination meeting once, with its date, in
the pack's language: a title that already carries the date is not dated twice, and the
English pack does not name a meeting by its Georgian title."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from tests.factories import MeetingFactory
from tests.web import signed_in
from web.documents.briefs import meeting_name
from workflow.models import AgendaItem, CoordinationMeeting, Opportunity
from workflow.services.meetings import agenda_add

pytestmark = pytest.mark.django_db

# 13 November 2026, 11:00 in Tbilisi.
STARTS_AT = datetime.datetime(2026, 11, 13, 7, tzinfo=datetime.UTC)


def _meeting(coordinator, title: str) -> CoordinationMeeting:
    return MeetingFactory.create(created_by=coordinator, title=title, starts_at=STARTS_AT)


def _presented(make_opportunity, coordinator, meeting: CoordinationMeeting) -> Opportunity:
    opportunity = make_opportunity(title="სასაზღვრო პუნქტების აღჭურვა")
    item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
    AgendaItem.objects.filter(pk=item.pk).update(outcome="presented", recorded_by=coordinator)
    Opportunity.objects.filter(pk=opportunity.pk).update(state="presented", presented_at=meeting)
    return opportunity


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


class TestMeetingName:
    def test_a_dated_title_is_not_dated_again(self, coordinator) -> None:
        meeting = _meeting(coordinator, "საკოორდინაციო შეხვედრა 13.11.2026")
        with translation.override("ka"):
            assert meeting_name(meeting) == "საკოორდინაციო შეხვედრა 13.11.2026"

    def test_an_undated_title_gets_its_date(self, coordinator) -> None:
        meeting = _meeting(coordinator, "ნოემბრის შეხვედრა")
        with translation.override("ka"):
            assert meeting_name(meeting) == "ნოემბრის შეხვედრა, 13.11.2026"

    def test_in_english_a_georgian_title_gives_way_to_the_meeting_and_its_date(
        self, coordinator
    ) -> None:
        meeting = _meeting(coordinator, "საკოორდინაციო შეხვედრა 13.11.2026")
        with translation.override("en"):
            assert meeting_name(meeting) == "Coordination meeting 13.11.2026"

    def test_in_english_an_english_title_stays(self, coordinator) -> None:
        meeting = _meeting(coordinator, "Donor round table")
        with translation.override("en"):
            assert meeting_name(meeting) == "Donor round table, 13.11.2026"


class TestBriefAndPack:
    @pytest.fixture
    def meeting(self, coordinator) -> CoordinationMeeting:
        return _meeting(coordinator, "საკოორდინაციო შეხვედრა 13.11.2026")

    @pytest.fixture
    def presented(self, make_opportunity, coordinator, meeting) -> Opportunity:
        return _presented(make_opportunity, coordinator, meeting)

    def test_the_brief_names_the_meeting_once(self, minister, presented) -> None:
        page = signed_in(minister).get(f"/decisions/{presented.pk}/").content.decode()
        assert "საკოორდინაციო შეხვედრა 13.11.2026" in page
        assert "13.11.2026, 13.11.2026" not in page
        assert "13.11.2026</a>, 13.11.2026" not in page

    def test_the_georgian_pack_names_the_meeting_once(self, minister, meeting, presented) -> None:
        for address in ("/decisions/pack.pdf", f"/decisions/pack.pdf?meeting={meeting.pk}"):
            text = _pdf_text(signed_in(minister).get(address).content)
            assert "საკოორდინაციო შეხვედრა 13.11.2026" in text, address
            assert "13.11.2026, 13.11.2026" not in text, address

    def test_the_english_pack_names_the_meeting_in_english(
        self, minister, meeting, presented
    ) -> None:
        for address in (
            "/decisions/pack.pdf?lang=en",
            f"/decisions/pack.pdf?lang=en&meeting={meeting.pk}",
        ):
            text = _pdf_text(signed_in(minister).get(address).content)
            assert "Coordination meeting 13.11.2026" in text, address
            assert "საკოორდინაციო" not in text, address
            assert "13.11.2026, 13.11.2026" not in text, address
