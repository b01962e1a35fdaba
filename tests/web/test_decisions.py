"""Top management's decisions: the inbox's links to the briefs, one brief per waiting item
(who reads it, what it shows, the decision made from it), the department's recommendation
(written when presenting, corrected while the item waits) and the PDF pack."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from commitments.models import Commitment, Framework, Indicator, IndicatorValue
from needs.models import Need
from tests.factories import MeetingFactory
from tests.web import opened_form, signed_in
from workflow.models import AgendaItem, KeyPerformanceIndicator, Opportunity, TransitionLog
from workflow.services.meetings import agenda_add
from workflow.services.records import attachment_add

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def meeting(coordinator, unit):
    meeting = MeetingFactory.create(
        created_by=coordinator,
        title="ნოემბრის საკოორდინაციო შეხვედრა",
        summary="განხილულია საზღვრის პროექტები",
    )
    meeting.attendee_units.set([unit])
    return meeting


@pytest.fixture
def indicator(unit, coordinator) -> Indicator:
    commitment = Commitment.objects.create(
        framework=Framework.objects.get(code="eu-aa"),
        reference="მუხლი 14",
        text_ka="საზღვრის ინტეგრირებული მართვის გაძლიერება",
        text_en="Strengthen integrated border management",
        responsible_unit=unit,
        status=Commitment.Status.AT_RISK,
        created_by=coordinator,
    )
    indicator = Indicator.objects.create(
        commitment=commitment,
        name="აღჭურვილი სასაზღვრო პუნქტები",
        baseline=Decimal("2"),
        baseline_date=datetime.date(2025, 1, 1),
        target=Decimal("20"),
        target_date=datetime.date(2027, 1, 1),
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        period_end=datetime.date(2026, 6, 30),
        value=Decimal("4"),
        reported_by=coordinator,
    )
    return indicator


@pytest.fixture
def waiting(make_opportunity, meeting, coordinator, indicator) -> Opportunity:
    """A presented item with everything a brief shows: a need and its commitment, a KPI that
    serves the commitment's indicator, the recommendation, the meeting's record, a document."""
    opportunity = make_opportunity(
        title="სასაზღვრო პუნქტების აღჭურვა",
        estimated_value=Decimal("1250000"),
        currency="EUR",
        application_deadline=timezone.localdate() + datetime.timedelta(days=3),
        with_kpi=False,
    )
    KeyPerformanceIndicator.objects.create(
        opportunity=opportunity,
        name="აღჭურვილი პუნქტები პროექტით",
        unit="პუნქტი",
        baseline=0,
        target=6,
        serves=indicator,
    )
    need = Need.objects.create(
        title="სასაზღვრო ინფრასტრუქტურა",
        source=Need.Source.AA,
        responsible_unit=opportunity.owning_unit,
        created_by=coordinator,
    )
    need.commitments.set([indicator.commitment])
    need.opportunities.set([opportunity])
    item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
    AgendaItem.objects.filter(pk=item.pk).update(
        outcome="presented", notes="ერთხმად დაუჭირეს მხარი", recorded_by=coordinator
    )
    attachment_add(
        opportunity=opportunity,
        user=coordinator,
        upload=SimpleUploadedFile("კონცეფცია.pdf", PDF),
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(
        state="presented",
        presented_at=meeting,
        ird_recommendation="გირჩევთ დამტკიცებას: პასუხობს ასოცირების შეთანხმებას",
    )
    opportunity.refresh_from_db()
    return opportunity


def _brief(user, opportunity):
    return signed_in(user).get(f"/decisions/{opportunity.pk}/")


class TestWhoReadsTheBrief:
    def test_top_management_and_the_department_read_it(
        self, minister, coordinator, waiting
    ) -> None:
        assert _brief(minister, waiting).status_code == 200
        assert _brief(coordinator, waiting).status_code == 200

    @pytest.mark.parametrize(
        "who", ["focal_point", "other_unit_focal_point", "unit_head", "viewer", "outsider"]
    )
    def test_others_are_refused(self, who, request, waiting) -> None:
        assert _brief(request.getfixturevalue(who), waiting).status_code == 403

    def test_signed_out_goes_to_sign_in(self, client, waiting) -> None:
        response = client.get(f"/decisions/{waiting.pk}/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")

    def test_an_unknown_item_is_not_found(self, minister) -> None:
        assert signed_in(minister).get("/decisions/999999/").status_code == 404


class TestWhatTheBriefShows:
    def test_everything_top_management_decides_from(self, minister, waiting, indicator) -> None:
        page = _brief(minister, waiting).content.decode()
        for expected in (
            "სასაზღვრო პუნქტების აღჭურვა",
            waiting.owning_unit.name_ka,
            waiting.donor.name_ka,
            "1 250 000.00 EUR",
            waiting.application_deadline.strftime("%d.%m.%Y"),
            # the need and its commitment
            "სასაზღვრო ინფრასტრუქტურა",
            "EU-AA",
            "მუხლი 14",
            f'href="/commitments/{indicator.commitment_id}/"',
            "საზღვრის ინტეგრირებული მართვის გაძლიერება",
            str(Commitment.Status.AT_RISK.label),
            # the KPI beside the indicator it serves, with where the indicator stands
            "აღჭურვილი პუნქტები პროექტით",
            "აღჭურვილი სასაზღვრო პუნქტები",
            "30.06.2026",
            "01.01.2027",
            # the recommendation, the meeting's record and the minutes' general notes
            "გირჩევთ დამტკიცებას: პასუხობს ასოცირების შეთანხმებას",
            "ნოემბრის საკოორდინაციო შეხვედრა",
            "ერთხმად დაუჭირეს მხარი",
            "განხილულია საზღვრის პროექტები",
            "კონცეფცია.pdf",
        ):
            assert expected in page, expected
        attachment = waiting.attachments.get()
        assert f"/opportunities/{waiting.pk}/attachments/{attachment.pk}/" in page
        assert 'class="lags"' in page  # 4 of 20 is behind the line from 2 to 20

    def test_a_deadline_within_a_week_is_amber_and_a_past_one_red(self, minister, waiting) -> None:
        assert "due-soon" in _brief(minister, waiting).content.decode()
        Opportunity.objects.filter(pk=waiting.pk).update(
            application_deadline=timezone.localdate() - datetime.timedelta(days=2)
        )
        page = _brief(minister, waiting).content.decode()
        assert "due-past" in page and "due-soon" not in page
        Opportunity.objects.filter(pk=waiting.pk).update(
            application_deadline=timezone.localdate() + datetime.timedelta(days=30)
        )
        page = _brief(minister, waiting).content.decode()
        assert "due-past" not in page and "due-soon" not in page

    def test_in_english_the_english_names_are_shown(self, minister, waiting) -> None:
        client = signed_in(minister)
        client.post("/i18n/setlang/", {"language": "en"})
        page = client.get(f"/decisions/{waiting.pk}/").content.decode()
        assert "Strengthen integrated border management" in page
        assert "1,250,000.00 EUR" in page

    def test_an_item_without_needs_or_kpis_still_opens(self, minister, make_opportunity) -> None:
        bare = make_opportunity(state="presented", with_kpi=False)
        assert _brief(minister, bare).status_code == 200

    def test_the_brief_is_read_in_a_fixed_number_of_queries(
        self, minister, waiting, make_opportunity, django_assert_max_num_queries
    ) -> None:
        client = signed_in(minister)
        client.get(f"/decisions/{waiting.pk}/")
        with django_assert_max_num_queries(30):
            client.get(f"/decisions/{waiting.pk}/")


class TestDecidingFromTheBrief:
    def test_the_buttons_are_top_managements_moves(self, minister, coordinator, waiting) -> None:
        page = _brief(minister, waiting).content.decode()
        for name in ("approve", "reject", "return_for_revision"):
            assert f'name="decision" value="{name}"' in page
        assert 'name="decision"' not in _brief(coordinator, waiting).content.decode()

    def test_approve_moves_the_item_and_opens_the_next_brief(
        self, minister, waiting, make_opportunity
    ) -> None:
        later = make_opportunity(
            state="presented",
            application_deadline=timezone.localdate() + datetime.timedelta(days=40),
        )
        response = signed_in(minister).post(
            f"/decisions/{waiting.pk}/", {"decision": "approve", "comment": "მხარდაჭერილია"}
        )
        assert response.status_code == 302
        assert response["Location"] == f"/decisions/{later.pk}/"
        waiting.refresh_from_db()
        assert waiting.state == "approved"
        log = TransitionLog.objects.get(opportunity=waiting)
        assert (log.transition, log.comment) == ("approve", "მხარდაჭერილია")

    def test_after_the_last_one_the_inbox_opens(self, minister, waiting) -> None:
        response = signed_in(minister).post(f"/decisions/{waiting.pk}/", {"decision": "approve"})
        assert response["Location"] == "/decisions/"

    def test_reject_without_a_comment_is_refused_and_changes_nothing(
        self, minister, waiting
    ) -> None:
        response = signed_in(minister).post(f"/decisions/{waiting.pk}/", {"decision": "reject"})
        assert response.status_code == 400
        waiting.refresh_from_db()
        assert waiting.state == "presented"

    def test_return_with_a_comment(self, minister, waiting) -> None:
        signed_in(minister).post(
            f"/decisions/{waiting.pk}/",
            {"decision": "return_for_revision", "comment": "დააზუსტეთ ბიუჯეტი"},
        )
        waiting.refresh_from_db()
        assert waiting.state == "identified"

    def test_only_decisions_are_run_here(self, minister, waiting) -> None:
        response = signed_in(minister).post(f"/decisions/{waiting.pk}/", {"decision": "withdraw"})
        assert response.status_code == 404
        waiting.refresh_from_db()
        assert waiting.state == "presented"

    def test_the_department_may_not_decide(self, coordinator, waiting) -> None:
        response = signed_in(coordinator).post(f"/decisions/{waiting.pk}/", {"decision": "approve"})
        assert response.status_code == 403
        waiting.refresh_from_db()
        assert waiting.state == "presented"

    def test_a_decided_item_shows_its_brief_without_buttons(self, minister, waiting) -> None:
        Opportunity.objects.filter(pk=waiting.pk).update(state="approved")
        response = _brief(minister, waiting)
        assert response.status_code == 200
        assert 'name="decision"' not in response.content.decode()
        response = signed_in(minister).post(f"/decisions/{waiting.pk}/", {"decision": "approve"})
        assert response.status_code == 400

    def test_previous_and_next_follow_the_inbox_order(
        self, minister, waiting, make_opportunity
    ) -> None:
        today = timezone.localdate()
        first = make_opportunity(
            state="presented", application_deadline=today + datetime.timedelta(days=1)
        )
        last = make_opportunity(
            state="presented", application_deadline=today + datetime.timedelta(days=9)
        )
        page = _brief(minister, waiting).content.decode()
        assert f'href="/decisions/{first.pk}/" rel="prev"' in page
        assert f'href="/decisions/{last.pk}/" rel="next"' in page
        first_page = _brief(minister, first).content.decode()
        assert 'rel="prev"' not in first_page


class TestInbox:
    def test_each_waiting_item_links_to_its_brief_with_a_summary(self, minister, waiting) -> None:
        page = signed_in(minister).get("/decisions/").content.decode()
        assert f'href="/decisions/{waiting.pk}/"' in page
        assert waiting.owning_unit.name_ka in page and "1 250 000.00 EUR" in page
        assert "გირჩევთ დამტკიცებას" in page
        assert 'name="selected"' in page and "/decisions/pack.pdf?lang=ka" in page

    def test_bulk_decisions_still_work(self, minister, waiting, make_opportunity) -> None:
        other = make_opportunity(state="presented")
        response = signed_in(minister).post(
            "/decisions/", {"selected": [waiting.pk, other.pk], "decision": "approve"}
        )
        assert response.status_code == 302
        assert set(Opportunity.objects.values_list("state", flat=True)) == {"approved"}

    def test_each_bulk_decision_asks_for_confirmation_as_a_single_one_does(
        self, minister, waiting
    ) -> None:
        page = signed_in(minister).get("/decisions/").content.decode()
        for value, label in [
            ("approve", "დამტკიცება"),
            ("return_for_revision", "დაბრუნება გადასამუშავებლად"),
            ("reject", "უარყოფა"),
        ]:
            start = page.index(f'name="decision" value="{value}"')
            button = page[start : page.index(">", start)]
            assert "data-confirm=" in button and label in button


class TestRecommendation:
    def test_written_when_presenting_at_the_meeting(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        item = agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        response = signed_in(coordinator).post(
            f"/meetings/{meeting.pk}/agenda/{item.pk}/record/",
            {
                "outcome": "presented",
                "notes": "მხარდაჭერილია",
                "ird_recommendation": "დამტკიცება რეკომენდებულია",
            },
        )
        assert response.status_code == 302
        opportunity.refresh_from_db()
        assert opportunity.state == "presented"
        assert opportunity.ird_recommendation == "დამტკიცება რეკომენდებულია"

    def test_the_meeting_page_offers_the_field(self, coordinator, meeting, make_opportunity):
        opportunity = make_opportunity()
        agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        page = signed_in(coordinator).get(f"/meetings/{meeting.pk}/").content.decode()
        assert 'name="ird_recommendation"' in page
        assert f"/decisions/pack.pdf?meeting={meeting.pk}" in page

    def test_written_with_the_move_on_the_item_page(
        self, coordinator, meeting, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        agenda_add(meeting=meeting, opportunity=opportunity, user=coordinator)
        client = signed_in(coordinator)
        assert 'name="ird_recommendation"' in (
            client.get(f"/opportunities/{opportunity.pk}/").content.decode()
        )
        response = client.post(
            f"/opportunities/{opportunity.pk}/transitions/present/",
            {"meeting": meeting.pk, "ird_recommendation": "უარის თქმა რეკომენდებულია"},
        )
        assert response.status_code == 302
        opportunity.refresh_from_db()
        assert opportunity.state == "presented"
        assert opportunity.ird_recommendation == "უარის თქმა რეკომენდებულია"

    def test_corrected_while_waiting_and_kept_in_the_history(self, coordinator, waiting) -> None:
        client = signed_in(coordinator)
        response = client.post(
            f"/decisions/{waiting.pk}/recommendation/",
            {"ird_recommendation": "გირჩევთ დამტკიცებას პირობით", "version": waiting.version},
        )
        assert response.status_code == 302
        waiting.refresh_from_db()
        assert waiting.ird_recommendation == "გირჩევთ დამტკიცებას პირობით"
        assert waiting.state == "presented"
        assert waiting.edits.get().changes["ird_recommendation"] == [
            "გირჩევთ დამტკიცებას: პასუხობს ასოცირების შეთანხმებას",
            "გირჩევთ დამტკიცებას პირობით",
        ]

    def test_a_stale_correction_is_refused(self, coordinator, waiting) -> None:
        response = signed_in(coordinator).post(
            f"/decisions/{waiting.pk}/recommendation/",
            {"ird_recommendation": "ძველი გვერდიდან", "version": waiting.version - 1},
        )
        assert response.status_code == 409
        assert "ძველი გვერდიდან" in response.content.decode()
        waiting.refresh_from_db()
        assert waiting.ird_recommendation.startswith("გირჩევთ დამტკიცებას:")

    def test_only_the_department_corrects_it(self, minister, focal_point, waiting) -> None:
        for who in (minister, focal_point):
            response = signed_in(who).post(
                f"/decisions/{waiting.pk}/recommendation/", {"ird_recommendation": "სხვა"}
            )
            assert response.status_code == 403
        waiting.refresh_from_db()
        assert waiting.ird_recommendation.startswith("გირჩევთ")

    def test_not_after_the_decision(self, coordinator, waiting) -> None:
        Opportunity.objects.filter(pk=waiting.pk).update(state="approved")
        response = signed_in(coordinator).post(
            f"/decisions/{waiting.pk}/recommendation/", {"ird_recommendation": "გვიან"}
        )
        assert response.status_code == 409
        waiting.refresh_from_db()
        assert waiting.ird_recommendation.startswith("გირჩევთ")

    def test_the_correction_form_is_the_departments(self, coordinator, minister, waiting) -> None:
        assert "/recommendation/" in _brief(coordinator, waiting).content.decode()
        assert "/recommendation/" not in _brief(minister, waiting).content.decode()


def _pdf_text(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "".join(page.extract_text() for page in reader.pages)


class TestPack:
    def test_every_waiting_brief_after_a_cover_in_georgian(
        self, minister, waiting, make_opportunity
    ) -> None:
        other = make_opportunity(state="presented", title="კიბერუსაფრთხოების ლაბორატორია")
        make_opportunity(state="identified", title="ჯერ არ წარდგენილა")
        response = signed_in(minister).get("/decisions/pack.pdf?lang=ka")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "-ka.pdf" in response["Content-Disposition"]
        reader, text = _pdf_text(response)
        assert len(reader.pages) >= 3  # the cover, then a brief per item
        for expected in (
            waiting.reference,
            "სასაზღვრო პუნქტების აღჭურვა",
            other.reference,
            "კიბერუსაფრთხოების ლაბორატორია",
            "საზღვრის ინტეგრირებული მართვის გაძლიერება",
            "აღჭურვილი სასაზღვრო პუნქტები",
            "გირჩევთ დამტკიცებას",
            "ერთხმად დაუჭირეს მხარი",
            "კონცეფცია.pdf",
            timezone.localdate().strftime("%d.%m.%Y"),
        ):
            assert expected in text, expected
        assert "ჯერ არ წარდგენილა" not in text

    def test_in_english_on_request(self, coordinator, waiting) -> None:
        response = signed_in(coordinator).get("/decisions/pack.pdf?lang=en")
        assert response.status_code == 200 and "-en.pdf" in response["Content-Disposition"]
        _reader, text = _pdf_text(response)
        assert "Decisions waiting for top management" in text
        assert "Strengthen integrated border management" in text
        assert waiting.owning_unit.name_en in text

    def test_restricted_to_one_meeting(self, minister, waiting, make_opportunity) -> None:
        elsewhere = make_opportunity(state="presented", title="სხვა შეხვედრაზე წარდგენილი")
        response = signed_in(minister).get(f"/decisions/pack.pdf?meeting={waiting.presented_at_id}")
        _reader, text = _pdf_text(response)
        assert waiting.reference in text and elsewhere.reference not in text
        assert "ნოემბრის საკოორდინაციო შეხვედრა" in text
        assert signed_in(minister).get("/decisions/pack.pdf?meeting=abc").status_code == 404

    def test_an_empty_pack_still_opens(self, minister) -> None:
        response = signed_in(minister).get("/decisions/pack.pdf")
        assert response.status_code == 200
        assert len(PdfReader(io.BytesIO(response.content)).pages) == 1

    @pytest.mark.parametrize("who", ["focal_point", "unit_head", "viewer", "outsider"])
    def test_others_are_refused(self, who, request) -> None:
        client = signed_in(request.getfixturevalue(who))
        assert client.get("/decisions/pack.pdf").status_code == 403


class TestKpiServesFromTheForm:
    def _payload(self, unit, donor, **extra):
        return {
            "title": "მესაზღვრეების ტრენინგი",
            "kind": "training",
            "donor": donor.pk,
            "owning_unit": unit.pk,
            "currency": "EUR",
            "monitoring_periodicity": "quarterly",
            "kpi-TOTAL_FORMS": "2",
            "kpi-INITIAL_FORMS": "0",
            "kpi-0-name": "გადამზადებული მესაზღვრეები",
            "kpi-0-target": "20",
            **extra,
        }

    def test_registered_with_the_indicator_it_serves(
        self, focal_point, unit, donor, indicator
    ) -> None:
        client = signed_in(focal_point)
        page = client.get("/opportunities/new/").content.decode()
        assert 'name="kpi-0-serves"' in page and "EU-AA მუხლი 14" in page
        response = client.post(
            "/opportunities/new/", self._payload(unit, donor, **{"kpi-0-serves": indicator.pk})
        )
        assert response.status_code == 302
        assert KeyPerformanceIndicator.objects.get().serves == indicator

    def test_chosen_on_edit_and_shown_again(self, focal_point, make_opportunity, indicator):
        opportunity = make_opportunity()
        client = signed_in(focal_point)
        url = f"/opportunities/{opportunity.pk}/edit/"
        form = opened_form(client, url)
        assert form["kpi-0-serves"] == ""  # nothing chosen yet
        form["kpi-0-serves"] = str(indicator.pk)
        assert client.post(url, form).status_code == 302
        assert opportunity.kpis.get().serves == indicator
        assert opened_form(client, url)["kpi-0-serves"] == str(indicator.pk)

    def test_an_unknown_indicator_is_refused(self, focal_point, unit, donor) -> None:
        response = signed_in(focal_point).post(
            "/opportunities/new/", self._payload(unit, donor, **{"kpi-0-serves": "999999"})
        )
        assert response.status_code == 400
        assert not Opportunity.objects.exists()
