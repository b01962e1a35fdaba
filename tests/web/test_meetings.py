"""Meeting pages: scheduling, the agenda (with and without htmx), outcomes and the minutes."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.factories import MeetingFactory
from tests.web import signed_in
from workflow.models import AgendaItem, CoordinationMeeting
from workflow.services.meetings import agenda_add, agenda_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(coordinator, unit) -> CoordinationMeeting:
    meeting = MeetingFactory.create(
        created_by=coordinator, title="ნოემბრის შეხვედრა", place="ოთახი 12"
    )
    meeting.attendee_units.set([unit])
    return meeting


class TestSchedule:
    def test_coordinator_schedules_a_meeting(self, coordinator, unit, other_unit) -> None:
        client = signed_in(coordinator)
        assert client.get("/meetings/new/").status_code == 200
        response = client.post(
            "/meetings/new/",
            {
                "title": "დეკემბრის შეხვედრა",
                "starts_at": "2026-12-03T11:00",
                "place": "საკონფერენციო დარბაზი",
                "attendee_units": [unit.pk, other_unit.pk],
            },
        )
        meeting = CoordinationMeeting.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
        assert meeting.starts_at.hour == 7  # 11:00 in Tbilisi is 07:00 UTC
        assert set(meeting.attendee_units.all()) == {unit, other_unit}
        listing = client.get("/meetings/").content.decode()
        assert "დეკემბრის შეხვედრა" in listing and "03.12.2026 11:00" in listing

    def test_a_bad_form_keeps_what_was_typed(self, coordinator) -> None:
        response = signed_in(coordinator).post(
            "/meetings/new/", {"title": "", "starts_at": "not a date", "place": "ოთახი 7"}
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert 'value="ოთახი 7"' in page and 'role="alert"' in page
        assert not CoordinationMeeting.objects.exists()

    @pytest.mark.parametrize("who", ["focal_point", "minister", "viewer"])
    def test_others_may_not_schedule_or_edit(self, who, request, meeting) -> None:
        client = signed_in(request.getfixturevalue(who))
        assert client.get("/meetings/new/").status_code == 403
        assert (
            client.post(
                "/meetings/new/", {"title": "x", "starts_at": "2026-12-03T11:00"}
            ).status_code
            == 403
        )
        assert (
            client.post(
                f"/meetings/{meeting.pk}/edit/", {"title": "x", "starts_at": "2026-12-03T11:00"}
            ).status_code
            == 403
        )
        assert CoordinationMeeting.objects.count() == 1


class TestAgendaPage:
    def test_coordinator_adds_moves_and_removes_items(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        first, second = make_opportunity(title="პირველი"), make_opportunity(title="მეორე")
        client = signed_in(coordinator)
        page = client.get(f"/meetings/{meeting.pk}/").content.decode()
        assert first.reference in page and "დღის წესრიგში შეტანა" in page
        for opportunity in (first, second):
            response = client.post(
                f"/meetings/{meeting.pk}/agenda/", {"opportunity": opportunity.pk}
            )
            assert response.status_code == 302
        second_item = AgendaItem.objects.get(opportunity=second)
        client.post(f"/meetings/{meeting.pk}/agenda/{second_item.pk}/move/", {"direction": "up"})
        order = list(
            meeting.agenda_items.order_by("position").values_list("opportunity__title", flat=True)
        )
        assert order == ["მეორე", "პირველი"]
        client.post(f"/meetings/{meeting.pk}/agenda/{second_item.pk}/remove/")
        assert list(meeting.agenda_items.values_list("opportunity", flat=True)) == [first.pk]

    def test_with_htmx_the_redirect_lands_on_the_page_with_the_agenda_and_message(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        response = signed_in(coordinator).post(
            f"/meetings/{meeting.pk}/agenda/",
            {"opportunity": opportunity.pk},
            headers={"HX-Request": "true"},
            follow=True,
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert 'id="agenda"' in page and 'id="messages"' in page
        assert "შეტანილია დღის წესრიგში." in page and opportunity.reference in page

    def test_a_refusal_is_shown_on_the_page_with_its_status(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        presented = make_opportunity(state="presented")
        response = signed_in(coordinator).post(
            f"/meetings/{meeting.pk}/agenda/", {"opportunity": presented.pk}
        )
        assert response.status_code == 409
        assert "მხოლოდ „გამოვლენილი“" in response.content.decode()
        response = signed_in(coordinator).post(
            f"/meetings/{meeting.pk}/agenda/", {"opportunity": "abc"}
        )
        assert response.status_code == 400

    def test_focal_point_sees_no_controls_and_posting_is_refused(
        self, focal_point, coordinator, meeting, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        client = signed_in(focal_point)
        page = client.get(f"/meetings/{meeting.pk}/").content.decode()
        assert opportunity.reference in page
        # No agenda form of any kind: neither adding, moving, removing nor saving an outcome.
        assert "/agenda/" not in page and "შედეგის შენახვა" not in page
        urls = [
            (f"/meetings/{meeting.pk}/agenda/", {"opportunity": make_opportunity().pk}),
            (f"/meetings/{meeting.pk}/agenda/{item.pk}/move/", {"direction": "down"}),
            (f"/meetings/{meeting.pk}/agenda/{item.pk}/remove/", {}),
            (f"/meetings/{meeting.pk}/agenda/{item.pk}/record/", {"outcome": "presented"}),
        ]
        for url, data in urls:
            assert client.post(url, data).status_code == 403, url
        item.refresh_from_db()
        assert item.outcome == "pending" and meeting.agenda_items.count() == 1

    def test_an_item_of_another_meeting_is_not_found(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        other = MeetingFactory.create(created_by=coordinator)
        item = agenda_add(meeting=other, opportunity=make_opportunity(), user=coordinator)
        response = signed_in(coordinator).post(f"/meetings/{meeting.pk}/agenda/{item.pk}/remove/")
        assert response.status_code == 404
        assert AgendaItem.objects.filter(pk=item.pk).exists()


class TestOutcomePage:
    def test_marking_presented_moves_the_item(self, coordinator, meeting, make_opportunity) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        response = signed_in(coordinator).post(
            f"/meetings/{meeting.pk}/agenda/{item.pk}/record/",
            {"outcome": "presented", "notes": "ერთხმად დაუჭირეს მხარი"},
        )
        assert response.status_code == 302
        opportunity.refresh_from_db()
        assert opportunity.state == "presented" and opportunity.presented_at == meeting

    def test_a_refused_outcome_keeps_the_notes(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        item = agenda_add(
            meeting=meeting, opportunity=make_opportunity(with_kpi=False), user=coordinator
        )
        response = signed_in(coordinator).post(
            f"/meetings/{meeting.pk}/agenda/{item.pk}/record/",
            {"outcome": "presented", "notes": "ჩანაწერი, რომელიც არ უნდა დაიკარგოს"},
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "ინდიკატორი" in page
        assert "ჩანაწერი, რომელიც არ უნდა დაიკარგოს</textarea>" in page
        assert 'value="presented" required checked' in page

    def test_no_outcome_chosen_is_refused(self, coordinator, meeting, make_opportunity) -> None:
        item = agenda_add(meeting=meeting, opportunity=make_opportunity(), user=coordinator)
        response = signed_in(coordinator).post(
            f"/meetings/{meeting.pk}/agenda/{item.pk}/record/", {"notes": "x"}
        )
        assert response.status_code == 400


class TestMinutes:
    @pytest.fixture
    def held(self, coordinator, meeting, make_opportunity):
        presented = make_opportunity(title="საზღვრის მართვის პროექტი")
        deferred = make_opportunity(title="კიბერუსაფრთხოების ტრენინგი")
        for opportunity, outcome, notes in (
            (presented, "presented", "მხარდაჭერილია"),
            (deferred, "deferred", "საჭიროა დაზუსტება"),
        ):
            item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
            agenda_record(item=item, user=coordinator, outcome=outcome, notes=notes)
        return meeting

    def test_printable_minutes_in_georgian_and_english(self, held, viewer) -> None:
        client = signed_in(viewer)
        page = client.get(f"/meetings/{held.pk}/minutes/").content.decode()
        assert "საკოორდინაციო შეხვედრის ოქმი" in page
        assert "გადაიდო მომდევნო შეხვედრისთვის" in page and "საჭიროა დაზუსტება" in page
        assert "01.11.2026 15:00" in page  # 11:00 UTC is 15:00 in Tbilisi
        english = client.get(f"/meetings/{held.pk}/minutes/?language=en").content.decode()
        assert "Minutes of the coordination meeting" in english
        assert "Deferred to a later meeting" in english
        assert "MIA Academy" in english and "სსიპ – შსს აკადემია" not in english

    def test_pdf_carries_the_georgian_text(self, held, viewer) -> None:
        response = signed_in(viewer).get(f"/meetings/{held.pk}/minutes.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        for expected in (
            "საკოორდინაციო შეხვედრის ოქმი",
            "საზღვრის მართვის პროექტი",
            "მხარდაჭერილია",
            "ოთახი 12",
        ):
            assert expected in text, expected

    def test_pdf_in_english_on_request(self, held, viewer) -> None:
        response = signed_in(viewer).get(f"/meetings/{held.pk}/minutes.pdf?language=en")
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        assert "Minutes of the coordination meeting" in text and "MIA Academy" in text
        assert (
            "minutes-" in response["Content-Disposition"]
            and "-en.pdf" in response["Content-Disposition"]
        )

    def test_an_unknown_language_falls_back_to_georgian(self, held, viewer) -> None:
        page = signed_in(viewer).get(f"/meetings/{held.pk}/minutes/?language=xx").content.decode()
        assert "საკოორდინაციო შეხვედრის ოქმი" in page

    def test_long_minutes_run_over_several_pages(
        self, coordinator, meeting, make_opportunity, viewer
    ) -> None:
        for i in range(30):
            item = agenda_add(
                meeting=meeting,
                opportunity=make_opportunity(title=f"საკითხი {i}"),
                user=coordinator,
            )
            agenda_record(
                item=item, user=coordinator, outcome="deferred", notes="განხილვა გაგრძელდება " * 8
            )
        response = signed_in(viewer).get(f"/meetings/{meeting.pk}/minutes.pdf")
        reader = PdfReader(io.BytesIO(response.content))
        assert len(reader.pages) > 1
        assert "საკითხი 29" in reader.pages[-1].extract_text()
