"""The opportunity pages (home, register, an item's page and moves, the form, decisions),
through Django's test client; the browser journey lives in test_journey."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import MeetingFactory
from tests.web import opened_form, signed_in
from workflow.models import KeyPerformanceIndicator, Opportunity, TransitionLog

pytestmark = pytest.mark.django_db


def test_pages_need_sign_in(client, make_opportunity) -> None:
    opportunity = make_opportunity()
    for url in ["/", "/register/", f"/opportunities/{opportunity.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


class TestHome:
    def test_minister_sees_decisions_waiting_with_count(self, minister, make_opportunity) -> None:
        waiting = [
            make_opportunity(state="presented", title=f"გადაწყვეტილება {i}") for i in range(2)
        ]
        make_opportunity(state="identified", title="ჯერ არ წარდგენილა")
        page = signed_in(minister).get("/").content.decode()
        assert "2 გადაწყვეტილება გელოდებათ" in page
        assert all(o.reference in page for o in waiting)
        assert "ჯერ არ წარდგენილა" not in page

    def test_focal_point_sees_own_units_open_items_only(
        self, focal_point, make_opportunity, other_unit
    ) -> None:
        own = make_opportunity(title="ჩვენი")
        other = make_opportunity(title="სხვისი", owning_unit=other_unit)
        page = signed_in(focal_point).get("/").content.decode()
        assert own.reference in page and other.reference not in page

    def test_coordinator_sees_items_to_put_on_an_agenda(
        self, coordinator, make_opportunity
    ) -> None:
        identified = make_opportunity()
        approved = make_opportunity(state="approved")
        page = signed_in(coordinator).get("/").content.decode()
        assert identified.reference in page and approved.reference not in page
        assert "შეხვედრა არ არის დაგეგმილი" in page

    def test_coordinator_sees_the_next_meeting_and_what_is_overdue(
        self, coordinator, make_opportunity
    ) -> None:
        today = timezone.localdate()
        MeetingFactory.create(
            created_by=coordinator,
            title="დეკემბრის შეხვედრა",
            starts_at=timezone.now() + datetime.timedelta(days=3),
        )
        late = make_opportunity(
            state="approved", application_deadline=today - datetime.timedelta(days=2)
        )
        page = signed_in(coordinator).get("/").content.decode()
        assert "დეკემბრის შეხვედრა" in page
        overdue_section = page.split("ვადაგადაცილებული", 1)[1]
        assert late.reference in overdue_section


class TestRegister:
    @pytest.fixture
    def rows(self, make_opportunity, other_unit):
        return [
            make_opportunity(title="კიბერუსაფრთხოება", state="presented"),
            make_opportunity(
                title="სასაზღვრო აღჭურვილობა", kind="equipment", owning_unit=other_unit
            ),
            make_opportunity(title="ტრენინგი <b>მონიშნული</b>", kind="training"),
        ]

    def test_filters_and_text_search(self, viewer, rows) -> None:
        client = signed_in(viewer)
        page = client.get("/register/?state=presented").content.decode()
        assert rows[0].reference in page and rows[1].reference not in page
        page = client.get("/register/?text=საზღვრო").content.decode()
        assert rows[1].reference in page and rows[0].reference not in page

    def test_html_in_titles_is_shown_as_text(self, viewer, rows) -> None:
        page = signed_in(viewer).get("/register/").content.decode()
        assert "&lt;b&gt;მონიშნული&lt;/b&gt;" in page and "<b>მონიშნული</b>" not in page

    def test_bad_filter_says_what_is_wrong_and_shows_nothing(self, viewer, rows) -> None:
        response = signed_in(viewer).get("/register/?deadline_after=31.31.2026")
        page = response.content.decode()
        assert response.status_code == 200
        assert "errorlist" in page
        assert rows[0].reference not in page

    def test_csv_export_has_exactly_the_filtered_rows_with_georgian_headers(
        self, viewer, rows
    ) -> None:
        response = signed_in(viewer).get("/register/?kind=training&kind=equipment&export=csv")
        text = response.content.decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text)))
        assert table[0][:4] == ["ნომერი", "დასახელება", "სახე", "მდგომარეობა"]
        assert sorted(r[0] for r in table[1:]) == sorted([rows[1].reference, rows[2].reference])

    def test_xlsx_export_matches_the_filter(self, viewer, rows) -> None:
        response = signed_in(viewer).get("/register/?state=presented&export=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.values)
        assert values[0][0] == "ნომერი"
        assert [v[0] for v in values[1:]] == [rows[0].reference]

    def test_latest_deadline_first_puts_items_without_deadline_last(
        self, viewer, make_opportunity
    ) -> None:
        import datetime

        undated = make_opportunity(title="ვადის გარეშე")
        early = make_opportunity(application_deadline=datetime.date(2026, 12, 1))
        late = make_opportunity(application_deadline=datetime.date(2027, 3, 1))
        page = signed_in(viewer).get("/register/?sort=-application_deadline").content.decode()
        positions = [page.index(o.reference) for o in (late, early, undated)]
        assert positions == sorted(positions)

    def test_unknown_sort_falls_back_to_newest_first(self, viewer, rows) -> None:
        response = signed_in(viewer).get("/register/?sort=password")
        assert response.status_code == 200
        assert response.context["sort"] == "-created_at"

    def test_pagination_keeps_the_filter(self, viewer, make_opportunity) -> None:
        for i in range(30):
            make_opportunity(title=f"ერთეული {i}", kind="twinning")
        page = signed_in(viewer).get("/register/?kind=twinning&sort=title").content.decode()
        assert "kind=twinning&amp;sort=title&amp;page=2" in page


class TestDetailAndTransitions:
    def test_detail_shows_fields_kpis_and_history(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity()
        signed_in(coordinator).post(f"/opportunities/{opportunity.pk}/transitions/present/", {})
        page = signed_in(coordinator).get(f"/opportunities/{opportunity.pk}/").content.decode()
        assert "გადამზადებული პირები" in page  # the KPI
        assert "იდენტიფიცირებული → წარდგენილი საკოორდინაციო შეხვედრაზე" in page

    def test_the_route_counts_no_days_in_a_state_that_left_the_pipeline(
        self, viewer, minister, make_opportunity
    ) -> None:
        def days_cells(opportunity: Opportunity) -> list[str]:
            page = signed_in(viewer).get(f"/opportunities/{opportunity.pk}/").content.decode()
            route = page.split('id="route"', 1)[1].split("</section>", 1)[0]
            return re.findall(r'<td class="amount">([^<]*)</td>', route)

        rejected = make_opportunity(state="presented")
        signed_in(minister).post(
            f"/opportunities/{rejected.pk}/transitions/reject/", {"comment": "არა"}
        )
        before, last = days_cells(rejected)
        assert before != "—" and last == "—"
        (still_open,) = days_cells(make_opportunity())
        assert still_open != "—"

    @pytest.mark.parametrize(
        ("actor", "visible"),
        [
            ("minister", {"approve", "reject", "return_for_revision"}),
            ("coordinator", {"withdraw"}),
            ("focal_point", {"withdraw"}),
            ("other_unit_focal_point", set()),
            ("viewer", set()),
        ],
    )
    def test_only_the_users_buttons_are_shown(
        self, request, actor, visible, make_opportunity
    ) -> None:
        opportunity = make_opportunity(state="presented")
        page = (
            signed_in(request.getfixturevalue(actor))
            .get(f"/opportunities/{opportunity.pk}/")
            .content.decode()
        )
        shown = {
            name
            for name in ["approve", "reject", "return_for_revision", "withdraw", "present"]
            if f"/transitions/{name}/" in page
        }
        assert shown == visible

    def test_posting_a_hidden_button_anyway_is_refused(self, viewer, make_opportunity) -> None:
        opportunity = make_opportunity(state="presented")
        response = signed_in(viewer).post(
            f"/opportunities/{opportunity.pk}/transitions/approve/", {}
        )
        assert response.status_code == 403
        opportunity.refresh_from_db()
        assert opportunity.state == "presented"

    def test_approval_with_comment(self, minister, make_opportunity) -> None:
        opportunity = make_opportunity(state="presented")
        response = signed_in(minister).post(
            f"/opportunities/{opportunity.pk}/transitions/approve/",
            {"comment": "თანხმობა"},
            follow=True,
        )
        assert response.status_code == 200
        assert "დამტკიცებული ხელმძღვანელობის მიერ" in response.content.decode()
        assert TransitionLog.objects.get().comment == "თანხმობა"

    def test_blocked_guard_shows_what_is_missing_and_keeps_the_comment(
        self, coordinator, make_opportunity
    ) -> None:
        opportunity = make_opportunity(expected_results="", with_kpi=False)
        page = signed_in(coordinator).get(f"/opportunities/{opportunity.pk}/").content.decode()
        assert "წარდგენამდე აუცილებელია მოსალოდნელი შედეგების მითითება." in page
        response = signed_in(coordinator).post(
            f"/opportunities/{opportunity.pk}/transitions/present/", {"comment": "ჩემი შენიშვნა"}
        )
        assert response.status_code == 400
        assert Opportunity.objects.get(pk=opportunity.pk).state == "identified"

    def test_missing_comment_is_explained(self, minister, make_opportunity) -> None:
        opportunity = make_opportunity(state="presented")
        response = signed_in(minister).post(
            f"/opportunities/{opportunity.pk}/transitions/reject/", {"comment": ""}
        )
        assert response.status_code == 400
        assert "ამ მოქმედებისთვის კომენტარი აუცილებელია." in response.content.decode()

    def test_unknown_action_is_404(self, coordinator, make_opportunity) -> None:
        opportunity = make_opportunity()
        response = signed_in(coordinator).post(
            f"/opportunities/{opportunity.pk}/transitions/publish/", {}
        )
        assert response.status_code == 404

    def test_wrong_state_is_a_conflict(self, minister, make_opportunity) -> None:
        opportunity = make_opportunity(state="approved")
        response = signed_in(minister).post(
            f"/opportunities/{opportunity.pk}/transitions/approve/", {}
        )
        assert response.status_code == 409

    def test_start_monitoring_with_bad_amount_says_so(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(state="in_communication")
        response = signed_in(focal_point).post(
            f"/opportunities/{opportunity.pk}/transitions/start_monitoring/",
            {
                "confirmed_amount": "lots",
                "confirmed_currency": "EUR",
                "funding_start_date": "2026-12-01",
            },
        )
        assert response.status_code == 400
        opportunity.refresh_from_db()
        assert opportunity.state == "in_communication"


class TestPastDeadline:
    """A donor deadline typed in the past is saved only once the person confirms it passed."""

    def _new(self, unit, donor, **extra):
        return TestForms()._payload(unit, donor, **extra)

    @staticmethod
    def _days(n: int) -> str:
        return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()

    def test_a_past_deadline_warns_and_saves_nothing_until_confirmed(
        self, focal_point, unit, donor
    ) -> None:
        client = signed_in(focal_point)
        before = client.get("/opportunities/new/").content.decode()
        assert 'name="deadline_passed"' not in before  # asked only once it is needed
        payload = self._new(unit, donor, application_deadline=self._days(-3))
        warned = client.post("/opportunities/new/", payload)
        page = warned.content.decode()
        assert warned.status_code == 400 and not Opportunity.objects.exists()
        field = page.index('name="application_deadline"')
        assert "ეს ვადა უკვე გასულია" in page[field : page.index("</p>", field)]
        assert 'name="deadline_passed"' in page and "დიახ, ვადა გასულია" in page
        assert 'value="მონაცემთა დაცვის ტრენინგი"' in page  # what was typed is kept
        confirmed = client.post("/opportunities/new/", payload | {"deadline_passed": "on"})
        assert confirmed.status_code == 302
        assert Opportunity.objects.get().application_deadline == timezone.localdate() - (
            datetime.timedelta(days=3)
        )

    def test_a_year_out_of_range_is_refused_without_asking_to_confirm(
        self, focal_point, unit, donor
    ) -> None:
        payload = self._new(unit, donor, application_deadline="1900-05-01")
        refused = signed_in(focal_point).post("/opportunities/new/", payload)
        page = refused.content.decode()
        assert refused.status_code == 400 and not Opportunity.objects.exists()
        field = page.index('name="application_deadline"')
        assert "1990" in page[field : page.index("</p>", field)]
        assert "ეს ვადა უკვე გასულია" not in page and 'name="deadline_passed"' not in page
        confirmed = signed_in(focal_point).post(
            "/opportunities/new/", payload | {"deadline_passed": "on"}
        )
        assert confirmed.status_code == 400 and not Opportunity.objects.exists()

    def test_today_or_later_is_not_asked_about(self, focal_point, unit, donor) -> None:
        payload = self._new(unit, donor, application_deadline=self._days(0))
        assert signed_in(focal_point).post("/opportunities/new/", payload).status_code == 302

    def test_an_edit_that_leaves_a_passed_deadline_alone_is_not_asked_about(
        self, focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity(
            application_deadline=timezone.localdate() - datetime.timedelta(days=10)
        )
        client = signed_in(focal_point)
        url = f"/opportunities/{opportunity.pk}/edit/"
        form = opened_form(client, url) | {"title": "ახალი სათაური"}
        assert client.post(url, form).status_code == 302
        opportunity.refresh_from_db()
        assert opportunity.title == "ახალი სათაური"

    def test_an_edit_moving_the_deadline_into_the_past_is_asked_about(
        self, focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity(
            application_deadline=timezone.localdate() + datetime.timedelta(days=10)
        )
        client = signed_in(focal_point)
        url = f"/opportunities/{opportunity.pk}/edit/"
        form = opened_form(client, url) | {"application_deadline": self._days(-1)}
        assert client.post(url, form).status_code == 400
        opportunity.refresh_from_db()
        assert opportunity.application_deadline > timezone.localdate()
        assert client.post(url, form | {"deadline_passed": "on"}).status_code == 302
        opportunity.refresh_from_db()
        assert opportunity.application_deadline < timezone.localdate()


class TestForms:
    def _payload(self, unit, donor, **extra):
        data = {
            "title": "მონაცემთა დაცვის ტრენინგი",
            "kind": "training",
            "donor": donor.pk,
            "owning_unit": unit.pk,
            "currency": "EUR",
            "estimated_value": "45000",
            # Ahead of today: a past one asks for a confirmation (see TestPastDeadline).
            "application_deadline": (
                timezone.localdate() + datetime.timedelta(days=60)
            ).isoformat(),
            "monitoring_periodicity": "quarterly",
            "expected_results": "20 გადამზადებული თანამშრომელი",
            "kpi-TOTAL_FORMS": "2",
            "kpi-INITIAL_FORMS": "0",
            "kpi-0-name": "გადამზადებული პირები",
            "kpi-0-unit": "პირი",
            "kpi-0-baseline": "0",
            "kpi-0-target": "20",
        }
        data.update(extra)
        return data

    def test_focal_point_registers_through_the_form(self, focal_point, unit, donor) -> None:
        response = signed_in(focal_point).post("/opportunities/new/", self._payload(unit, donor))
        opportunity = Opportunity.objects.get()
        assert (
            response.status_code == 302
            and response["Location"] == f"/opportunities/{opportunity.pk}/"
        )
        assert [k.name for k in opportunity.kpis.all()] == ["გადამზადებული პირები"]

    def test_invalid_form_keeps_what_was_typed_and_saves_nothing(
        self, focal_point, unit, donor
    ) -> None:
        payload = self._payload(unit, donor, estimated_value="ბევრი", **{"kpi-0-target": ""})
        response = signed_in(focal_point).post("/opportunities/new/", payload)
        page = response.content.decode()
        assert response.status_code == 400
        assert 'value="მონაცემთა დაცვის ტრენინგი"' in page
        assert 'role="alert"' in page
        assert not Opportunity.objects.exists()

    def test_focal_point_cannot_pick_another_unit(self, focal_point, other_unit, donor) -> None:
        response = signed_in(focal_point).post(
            "/opportunities/new/", self._payload(other_unit, donor)
        )
        assert response.status_code == 400
        assert not Opportunity.objects.exists()

    def test_georgian_labels_are_not_turned_into_mtavruli_capitals(self, focal_point) -> None:
        page = signed_in(focal_point).get("/opportunities/new/").content.decode()
        assert ">დასახელება *</label>" in page
        assert not any("\u1c90" <= ch <= "\u1cbf" for ch in page)

    def test_viewer_cannot_open_the_form(self, viewer) -> None:
        assert signed_in(viewer).get("/opportunities/new/").status_code == 403

    def test_edit_shows_current_values_and_records_history(
        self, focal_point, make_opportunity, unit, donor
    ) -> None:
        opportunity = make_opportunity(title="ძველი სათაური")
        client = signed_in(focal_point)
        assert (
            'value="ძველი სათაური"'
            in client.get(f"/opportunities/{opportunity.pk}/edit/").content.decode()
        )
        client.post(
            f"/opportunities/{opportunity.pk}/edit/",
            self._payload(unit, donor, title="ახალი სათაური"),
        )
        opportunity.refresh_from_db()
        assert opportunity.title == "ახალი სათაური"
        assert opportunity.edits.get().changes["title"] == ["ძველი სათაური", "ახალი სათაური"]

    def test_editing_one_kpi_keeps_the_kpis_left_alone(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity()
        KeyPerformanceIndicator.objects.create(
            opportunity=opportunity, name="მეორე", unit="პირი", baseline=0, target=5
        )
        client = signed_in(focal_point)
        url = f"/opportunities/{opportunity.pk}/edit/"
        form = opened_form(client, url) | {"kpi-1-name": "მეორე, შესწორებული"}
        assert client.post(url, form).status_code == 302
        assert [k.name for k in opportunity.kpis.order_by("id")] == [
            "გადამზადებული პირები",
            "მეორე, შესწორებული",
        ]

    def test_edit_of_a_presented_item_is_refused(
        self, focal_point, make_opportunity, unit, donor
    ) -> None:
        opportunity = make_opportunity(state="presented", title="უცვლელი")
        response = signed_in(focal_point).post(
            f"/opportunities/{opportunity.pk}/edit/", self._payload(unit, donor)
        )
        assert response.status_code == 302
        opportunity.refresh_from_db()
        assert opportunity.title == "უცვლელი"


class TestDecisionsInbox:
    def test_only_top_management_opens_it(self, coordinator) -> None:
        assert signed_in(coordinator).get("/decisions/").status_code == 403

    def test_approve_several_at_once(self, minister, make_opportunity) -> None:
        items = [make_opportunity(state="presented") for _ in range(3)]
        response = signed_in(minister).post(
            "/decisions/", {"selected": [items[0].pk, items[2].pk], "decision": "approve"}
        )
        assert response.status_code == 302
        states = {o.pk: o.state for o in Opportunity.objects.all()}
        assert states == {
            items[0].pk: "approved",
            items[1].pk: "presented",
            items[2].pk: "approved",
        }

    def test_reject_without_comment_is_refused_for_each_and_keeps_nothing(
        self, minister, make_opportunity
    ) -> None:
        items = [make_opportunity(state="presented") for _ in range(2)]
        response = signed_in(minister).post(
            "/decisions/", {"selected": [o.pk for o in items], "decision": "reject"}
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert all(o.reference in page for o in items)
        assert set(Opportunity.objects.values_list("state", flat=True)) == {"presented"}

    def test_return_with_comment_logs_it_on_each(self, minister, make_opportunity) -> None:
        items = [make_opportunity(state="presented") for _ in range(2)]
        signed_in(minister).post(
            "/decisions/",
            {
                "selected": [o.pk for o in items],
                "decision": "return_for_revision",
                "comment": "დააზუსტეთ ბიუჯეტი",
            },
        )
        assert (
            list(TransitionLog.objects.values_list("comment", flat=True))
            == ["დააზუსტეთ ბიუჯეტი"] * 2
        )

    def test_tampered_form_is_refused_not_crashed(self, minister, make_opportunity) -> None:
        item = make_opportunity(state="presented")
        client = signed_in(minister)
        assert (
            client.post("/decisions/", {"selected": ["abc"], "decision": "approve"}).status_code
            == 400
        )
        assert (
            client.post("/decisions/", {"selected": [item.pk], "decision": "publish"}).status_code
            == 404
        )
        item.refresh_from_db()
        assert item.state == "presented"

    def test_nothing_selected_says_so(self, minister, make_opportunity) -> None:
        make_opportunity(state="presented")
        response = signed_in(minister).post("/decisions/", {"decision": "approve"})
        assert response.status_code == 400
