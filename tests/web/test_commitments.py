"""The commitments register's pages: the list, a commitment's page with its indicators and
status reports, its form with indicator rows, and the responsible unit's status report — each
for the department, the responsible unit's focal point, another unit's focal point, a viewer
and top management."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments.models import Commitment, Framework, Indicator, IndicatorValue
from commitments.services import (
    CommitmentFields,
    IndicatorData,
    commitment_create,
    commitment_update,
)
from core.models import OrganisationalUnit, User
from needs.models import Need
from projects.models import Obligation
from projects.services.commitment_reports import status_report_due
from tests.responses import streamed
from tests.web import opened_form, signed_in

pytestmark = pytest.mark.django_db
D = datetime.date
RECORDED_ON = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=datetime.UTC)
# A day in the first reporting period (its report falls due on 31.12.2026).
IN_THE_PERIOD = datetime.datetime(2026, 12, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def framework(db: None) -> Framework:
    return Framework.objects.get(code="eu-aa")


@pytest.fixture
def make_commitment(
    framework: Framework, unit: OrganisationalUnit, coordinator: User
) -> Callable[..., Commitment]:
    """A commitment recorded by the department on 15.11.2026, owed by ``unit``, with a
    percentage indicator on a rising path and a yes/no one."""

    def make(*, indicators: list[IndicatorData] | None = None, **fields: Any) -> Commitment:
        values = {
            "framework": framework,
            "reference": "მუხლი 14.2",
            "text_ka": "საზღვრის ინტეგრირებული მართვის სტრატეგიის განხორციელება",
            "text_en": "Implement the integrated border management strategy",
            "responsible_unit": unit,
        } | fields
        if indicators is None:
            indicators = [
                {
                    "name": "გამშვები პუნქტების წილი ახალი სისტემით",
                    "measure": "percent",
                    "baseline": Decimal(20),
                    "baseline_date": D(2026, 1, 1),
                    "target": Decimal(80),
                    "target_date": D(2027, 12, 31),
                },
                {"name": "სტრატეგია დამტკიცებულია", "measure": "yes_no"},
            ]
        with time_machine.travel(RECORDED_ON, tick=False):
            return commitment_create(
                user=coordinator, fields=cast(CommitmentFields, values), indicators=indicators
            )

    return make


@pytest.fixture
def commitment(make_commitment: Callable[..., Commitment]) -> Commitment:
    return make_commitment()


def _page(user: User, url: str) -> str:
    response = signed_in(user).get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _status(page: str, status: str) -> bool:
    """The page shows ``status`` by its colour class, with words inside it."""
    return re.search(rf'class="state state-{status}">[^<]+</span>', page) is not None


ROLES = ["coordinator", "focal_point", "other_unit_focal_point", "viewer", "minister"]


class TestList:
    @pytest.mark.parametrize("who", ROLES)
    def test_everyone_signed_in_reads_the_register(self, who, request, commitment) -> None:
        page = _page(request.getfixturevalue(who), "/commitments/")
        assert f'href="/commitments/{commitment.pk}/"' in page
        assert "EU-AA მუხლი 14.2" in page
        assert _status(page, "not_assessed")
        # New commitments only for the department.
        assert ('href="/commitments/new/"' in page) is (who == "coordinator")

    def test_signed_out_goes_to_sign_in(self, client, commitment) -> None:
        response = client.get("/commitments/")
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_filters_by_framework_unit_status_and_text(
        self, viewer, make_commitment, other_unit, unit
    ) -> None:
        make_commitment()
        nato = Framework.objects.get(code="nato-anp")
        make_commitment(
            framework=nato,
            reference="PG 1",
            text_ka="სამხედრო პოლიციის თავსებადობა",
            text_en="Military police interoperability",
            responsible_unit=other_unit,
            status="off_track",
        )
        client = signed_in(viewer)

        def shown(query: str) -> set[str]:
            page = client.get(f"/commitments/?{query}").content.decode()
            return {ref for ref in ("მუხლი 14.2", "PG 1") if ref in page}

        assert shown(f"framework={nato.pk}") == {"PG 1"}
        assert shown(f"unit={unit.pk}") == {"მუხლი 14.2"}
        assert shown("status=off_track") == {"PG 1"}
        assert shown("status=on_track") == set()
        assert shown("text=თავსებადობა") == {"PG 1"}
        assert shown("text=border management") == {"მუხლი 14.2"}

    def test_a_supporting_unit_finds_the_commitment_too(
        self, viewer, make_commitment, other_unit
    ) -> None:
        make_commitment(supporting_units=[other_unit])
        page = _page(viewer, f"/commitments/?unit={other_unit.pk}")
        assert "მუხლი 14.2" in page

    def test_each_status_in_colour_and_words(self, viewer, make_commitment) -> None:
        for number, status in enumerate(["on_track", "at_risk", "off_track", "done"]):
            make_commitment(reference=f"{number}", status=status)
        page = _page(viewer, "/commitments/")
        for status in ("on_track", "at_risk", "off_track", "done"):
            assert _status(page, status), status

    def test_the_table_scrolls_in_its_own_box_on_a_phone(self, viewer, commitment) -> None:
        page = _page(viewer, "/commitments/")
        assert '<div class="table-box"><table class="commitments">' in page


class TestDetail:
    @pytest.mark.parametrize(
        ("who", "edits", "reports"),
        [
            ("coordinator", True, True),
            ("focal_point", False, True),
            ("other_unit_focal_point", False, False),
            ("viewer", False, False),
            ("minister", False, False),
        ],
    )
    def test_what_each_role_is_offered(self, who, edits, reports, request, commitment) -> None:
        page = _page(request.getfixturevalue(who), f"/commitments/{commitment.pk}/")
        assert commitment.text_ka in page and commitment.text_en in page
        assert (f'href="/commitments/{commitment.pk}/edit/"' in page) is edits
        assert (f'href="/commitments/{commitment.pk}/report/"' in page) is reports

    def test_the_open_status_report_with_its_due_date(self, viewer, commitment) -> None:
        obligation = status_report_due(commitment)
        assert obligation is not None
        page = _page(viewer, f"/commitments/{commitment.pk}/")
        assert "31.12.2026" in page
        assert f'href="/obligations/{obligation.pk}/"' in page

    def test_indicators_against_their_target_path_with_a_lag_marker(
        self, viewer, coordinator, commitment
    ) -> None:
        share = commitment.indicators.get(measure="percent")
        # Behind the path: 20 → 80 over two years stands at about 50 at the end of 2026.
        IndicatorValue.objects.create(
            indicator=share, period_end=D(2026, 12, 31), value=Decimal(30), reported_by=coordinator
        )
        with time_machine.travel(datetime.datetime(2027, 1, 1, 9, tzinfo=datetime.UTC)):
            page = _page(viewer, f"/commitments/{commitment.pk}/")
        row = page[page.index(share.name) - 200 : page.index("</tr>", page.index(share.name))]
        assert 'class="lagging"' in row and 'class="lag"' in row
        assert "30%" in row and "31.12.2026" in row  # the latest actual and its period
        assert re.search(r"50\.\d\d%", row)  # where the path stands today
        assert "80%" in row and "20%" in row

    def test_an_indicator_on_its_path_has_no_lag_marker(
        self, viewer, coordinator, commitment
    ) -> None:
        share = commitment.indicators.get(measure="percent")
        IndicatorValue.objects.create(
            indicator=share, period_end=D(2026, 12, 31), value=Decimal(60), reported_by=coordinator
        )
        with time_machine.travel(datetime.datetime(2027, 1, 1, 9, tzinfo=datetime.UTC)):
            page = _page(viewer, f"/commitments/{commitment.pk}/")
        assert 'class="lagging"' not in page and 'class="lag"' not in page

    def test_needs_and_other_obligations_of_the_commitment(
        self, viewer, coordinator, commitment, unit
    ) -> None:
        need = Need.objects.create(
            title="სერვერები სასაზღვრო პუნქტებისთვის",
            source="aa",
            responsible_unit=unit,
            created_by=coordinator,
        )
        need.commitments.add(commitment)
        national = Obligation.objects.create(
            commitment=commitment,
            kind=Obligation.Kind.NATIONAL_REPORT,
            description="ეროვნული ანგარიში კომიტეტს",
            responsible_unit=unit,
            due_date=D(2027, 6, 30),
            created_by=coordinator,
        )
        page = _page(viewer, f"/commitments/{commitment.pk}/")
        assert f'href="/needs/{need.pk}/"' in page and need.title in page
        start = page.index('id="obligations"')
        section = page[start : page.index("</section>", start)]
        assert f'href="/obligations/{national.pk}/"' in section
        # The status report is shown with the reports, not among the other obligations.
        assert f'href="/obligations/{_due(commitment).pk}/"' not in section

    def test_the_obligation_register_and_pages_name_the_commitment(
        self, viewer, coordinator, commitment
    ) -> None:
        obligation = status_report_due(commitment)
        assert obligation is not None
        link = f'href="/commitments/{commitment.pk}/"'
        assert link in _page(viewer, "/obligations/")
        assert link in _page(viewer, f"/obligations/{obligation.pk}/")
        assert str(commitment) in _page(coordinator, f"/obligations/{obligation.pk}/edit/")

    def test_a_missing_commitment_is_404(self, viewer) -> None:
        assert signed_in(viewer).get("/commitments/999999/").status_code == 404


def _due(commitment: Commitment) -> Obligation:
    obligation = status_report_due(commitment)
    assert obligation is not None
    return obligation


def _report(client, commitment: Commitment, **fields: Any):
    indicators = {i.measure: i for i in commitment.indicators.all()}
    data = {
        "report": "ახალი სისტემა ამოქმედდა 5 პუნქტზე",
        "assessment": "at_risk",
        f"actual-{indicators['percent'].pk}": "35,5",
        f"actual-{indicators['yes_no'].pk}": "1",
        "version": str(_due(commitment).version),
    } | fields
    with time_machine.travel(IN_THE_PERIOD, tick=False):
        return client.post(f"/commitments/{commitment.pk}/report/", data)


class TestReport:
    @pytest.mark.parametrize(
        ("who", "status"),
        [
            ("coordinator", 200),
            ("focal_point", 200),
            ("other_unit_focal_point", 403),
            ("viewer", 403),
            ("minister", 403),
        ],
    )
    def test_who_opens_the_report_form(self, who, status, request, commitment) -> None:
        response = signed_in(request.getfixturevalue(who)).get(
            f"/commitments/{commitment.pk}/report/"
        )
        assert response.status_code == status

    def test_the_form_asks_a_value_for_each_indicator_by_its_measure(
        self, focal_point, commitment
    ) -> None:
        page = _page(focal_point, f"/commitments/{commitment.pk}/report/")
        share = commitment.indicators.get(measure="percent")
        decided = commitment.indicators.get(measure="yes_no")
        assert f'name="actual-{share.pk}"' in page and 'inputmode="decimal"' in page
        assert f'<select name="actual-{decided.pk}"' in page
        for status in ("on_track", "at_risk", "off_track", "done"):
            assert f'value="{status}"' in page
        assert 'value="not_assessed"' not in page
        assert 'type="file" name="files"' in page and 'enctype="multipart/form-data"' in page

    def test_the_focal_point_hands_in_a_report_and_the_department_accepts_it(
        self, focal_point, coordinator, commitment
    ) -> None:
        response = _report(
            signed_in(focal_point),
            commitment,
            files=[SimpleUploadedFile("ანგარიში.pdf", b"%PDF-1.7\n")],
        )
        assert response.status_code == 302
        assert response["Location"] == f"/commitments/{commitment.pk}/"
        obligation = Obligation.objects.get(commitment=commitment, kind="status_report")
        assert obligation.state == Obligation.State.SUBMITTED
        submission = obligation.submissions.get()
        assert submission.assessment == "at_risk" and submission.submitted_by == focal_point
        claimed = {v.indicator.measure: v.value for v in submission.indicator_values.all()}
        assert claimed == {"percent": Decimal("35.5"), "yes_no": Decimal(1)}

        page = _page(coordinator, f"/commitments/{commitment.pk}/")
        reports = page[page.index('id="reporting"') :]
        assert "ახალი სისტემა ამოქმედდა 5 პუნქტზე" in reports
        assert _status(reports, "at_risk")
        assert "35.50%" in reports
        document = submission.documents.get()
        url = f"/commitments/{commitment.pk}/documents/{document.pk}/"
        assert url in reports
        assert streamed(signed_in(focal_point).get(url)) == b"%PDF-1.7\n"
        # Nothing more to report while the department decides.
        assert f'href="/commitments/{commitment.pk}/report/"' not in reports

        # The department accepts it on the obligation's page, as any obligation.
        obligation_page = _page(coordinator, f"/obligations/{obligation.pk}/")
        assert f'action="/obligations/{obligation.pk}/transitions/accept/"' in obligation_page
        assert f'href="/commitments/{commitment.pk}/"' in obligation_page
        assert url in obligation_page and _status(obligation_page, "at_risk")
        # The figures the report claims are in front of the person who accepts it.
        claimed_here = obligation_page[obligation_page.index('class="reported-values"') :]
        assert "35.50%" in claimed_here
        with time_machine.travel(IN_THE_PERIOD, tick=False):
            accepted = signed_in(coordinator).post(
                f"/obligations/{obligation.pk}/transitions/accept/"
            )
        assert accepted.status_code == 302
        commitment.refresh_from_db()
        assert commitment.status == "at_risk"
        page = _page(focal_point, f"/commitments/{commitment.pk}/")
        assert _status(page, "at_risk")
        reports = page[page.index('id="reporting"') :]
        assert coordinator.display_name in reports
        # The next quarter's report is due, and the focal point may hand it in.
        assert "31.03.2027" in reports
        assert f'href="/commitments/{commitment.pk}/report/"' in reports

    def test_a_number_that_is_no_number_is_refused_beside_its_field_and_typing_kept(
        self, focal_point, commitment
    ) -> None:
        share = commitment.indicators.get(measure="percent")
        response = _report(
            signed_in(focal_point),
            commitment,
            report="ჩემი ნაწერი",
            **{f"actual-{share.pk}": "ოცდაათი"},
        )
        assert response.status_code == 400
        page = response.content.decode()
        field = page.index(f'name="actual-{share.pk}"')
        assert 'role="alert"' in page[field : field + 400]
        assert 'value="ოცდაათი"' in page and "ჩემი ნაწერი</textarea>" in page
        assert (
            'value="at_risk" checked' in page
            or 'checked value="at_risk"' in page
            or re.search(r'value="at_risk"[^>]*checked', page)
        )
        assert not Obligation.objects.get(commitment=commitment).submissions.exists()

    def test_a_missing_narrative_and_assessment_are_refused_beside_their_fields(
        self, focal_point, commitment
    ) -> None:
        response = _report(signed_in(focal_point), commitment, report="", assessment="")
        assert response.status_code == 400
        page = response.content.decode()
        assert page.count('<span role="alert">') >= 2

    def test_a_report_when_none_is_due_is_refused_keeping_what_was_typed(
        self, focal_point, commitment
    ) -> None:
        client = signed_in(focal_point)
        assert _report(client, commitment).status_code == 302
        again = _report(client, commitment, report="მეორე ანგარიში")
        assert again.status_code == 409
        assert "მეორე ანგარიში</textarea>" in again.content.decode()
        assert Obligation.objects.get(commitment=commitment).submissions.count() == 1

    @pytest.mark.parametrize("who", ["other_unit_focal_point", "viewer", "minister"])
    def test_others_cannot_post_a_report(self, who, request, commitment) -> None:
        response = _report(signed_in(request.getfixturevalue(who)), commitment)
        assert response.status_code == 403
        assert not Obligation.objects.get(commitment=commitment).submissions.exists()


def _form(client, url: str) -> dict[str, Any]:
    return opened_form(client, url)


class TestForm:
    @pytest.mark.parametrize(
        ("who", "status"),
        [
            ("coordinator", 200),
            ("focal_point", 403),
            ("other_unit_focal_point", 403),
            ("viewer", 403),
            ("minister", 403),
        ],
    )
    def test_only_the_department_opens_the_forms(self, who, status, request, commitment) -> None:
        client = signed_in(request.getfixturevalue(who))
        assert client.get("/commitments/new/").status_code == status
        assert client.get(f"/commitments/{commitment.pk}/edit/").status_code == status
        if status == 403:
            response = client.post(
                f"/commitments/{commitment.pk}/edit/", {"reference": "x", "version": "1"}
            )
            assert response.status_code == 403

    def test_the_department_records_a_commitment_with_indicators(
        self, coordinator, framework, unit, other_unit
    ) -> None:
        client = signed_in(coordinator)
        form = _form(client, "/commitments/new/")
        form |= {
            "framework": str(framework.pk),
            "reference": "ბენჩმარკი 3",
            "text_ka": "მიგრაციის მართვა",
            "responsible_unit": str(unit.pk),
            "supporting_units": [str(other_unit.pk)],
            "status": "not_assessed",
            "reporting": "semi_annual",
            "indicators-0-name": "დაბრუნებული პირები",
            "indicators-0-measure": "number",
            "indicators-0-baseline": "100",
            "indicators-0-target": "40",
            "indicators-1-name": "კანონი მიღებულია",
            "indicators-1-measure": "yes_no",
        }
        response = client.post("/commitments/new/", form)
        assert response.status_code == 302
        saved = Commitment.objects.get(reference="ბენჩმარკი 3")
        assert response["Location"] == f"/commitments/{saved.pk}/"
        assert list(saved.supporting_units.all()) == [other_unit]
        assert [(i.name, i.measure, i.target) for i in saved.indicators.all()] == [
            ("დაბრუნებული პირები", "number", Decimal(40)),
            ("კანონი მიღებულია", "yes_no", None),
        ]
        # Its status reports start at once, by its periodicity.
        assert _due(saved).recurrence == "semi_annual"

    def test_the_indicator_rows_are_cards_not_a_wide_table(self, coordinator, commitment) -> None:
        page = _page(coordinator, f"/commitments/{commitment.pk}/edit/")
        form = page[page.index("<form method") :]
        assert "<table" not in form[: form.index("</form>")]
        # The rows come before the empty row kept in a <template> for adding one in place.
        rows = form[: form.index("<template")]
        assert rows.count('class="card row-card"') == commitment.indicators.count() + 2

    def test_an_indicator_row_is_added_in_a_blank_row(self, coordinator, commitment) -> None:
        client = signed_in(coordinator)
        url = f"/commitments/{commitment.pk}/edit/"
        form = _form(client, url)
        assert form["indicators-TOTAL_FORMS"] == "4" and form["indicators-INITIAL_FORMS"] == "2"
        form |= {"indicators-2-name": "გადამზადებული მესაზღვრეები", "indicators-2-target": "300"}
        response = client.post(url, form)
        assert response.status_code == 302
        names = list(commitment.indicators.values_list("name", flat=True))
        assert names == [
            "გამშვები პუნქტების წილი ახალი სისტემით",
            "სტრატეგია დამტკიცებულია",
            "გადამზადებული მესაზღვრეები",
        ]

    def test_an_indicator_row_is_removed_and_the_others_kept_as_they_are(
        self, coordinator, commitment
    ) -> None:
        share, decided = commitment.indicators.all()
        client = signed_in(coordinator)
        url = f"/commitments/{commitment.pk}/edit/"
        form = _form(client, url)
        assert form["indicators-0-id"] == str(share.pk)
        form |= {"indicators-1-DELETE": "on"}
        assert client.post(url, form).status_code == 302
        kept = commitment.indicators.get()
        # The row left alone is the same indicator, unchanged (its actuals stay with it).
        assert (kept.pk, kept.target, kept.baseline_date) == (share.pk, Decimal(80), D(2026, 1, 1))
        assert not Indicator.objects.filter(pk=decided.pk).exists()

    def test_editing_one_row_keeps_the_rows_left_alone(self, coordinator, commitment) -> None:
        share, decided = commitment.indicators.all()
        client = signed_in(coordinator)
        url = f"/commitments/{commitment.pk}/edit/"
        form = _form(client, url) | {"indicators-1-name": "სტრატეგია მიღებულია"}
        assert client.post(url, form).status_code == 302
        assert [(i.pk, i.name) for i in commitment.indicators.all()] == [
            (share.pk, share.name),
            (decided.pk, "სტრატეგია მიღებულია"),
        ]

    def test_an_indicator_with_actuals_cannot_be_removed(self, coordinator, commitment) -> None:
        share = commitment.indicators.get(measure="percent")
        IndicatorValue.objects.create(
            indicator=share, period_end=D(2026, 12, 31), value=Decimal(30), reported_by=coordinator
        )
        client = signed_in(coordinator)
        url = f"/commitments/{commitment.pk}/edit/"
        form = _form(client, url) | {"indicators-0-DELETE": "on", "reference": "მუხლი 14.3"}
        response = client.post(url, form)
        assert response.status_code == 400
        assert share.name in response.content.decode()
        commitment.refresh_from_db()
        assert commitment.reference == "მუხლი 14.2" and commitment.indicators.count() == 2

    def test_a_stale_save_is_refused_with_both_values_and_the_typing_kept(
        self, coordinator, commitment
    ) -> None:
        client = signed_in(coordinator)
        url = f"/commitments/{commitment.pk}/edit/"
        form = _form(client, url)
        assert form["version"] == str(commitment.version)
        commitment_update(  # someone else saves meanwhile
            commitment=Commitment.objects.get(pk=commitment.pk),
            user=coordinator,
            fields={"reference": "მუხლი 14.9"},
        )
        response = client.post(url, form | {"reference": "მუხლი 15"})
        assert response.status_code == 409
        body = response.content.decode()
        table = body[body.index('id="stale-values"') :]
        assert "<td>მუხლი 14.9</td><td>მუხლი 15</td>" in table
        assert 'value="მუხლი 15"' in body
        commitment.refresh_from_db()
        assert commitment.reference == "მუხლი 14.9"
        # Saving again, having seen both, stores what was typed.
        again = client.post(
            url, form | {"reference": "მუხლი 15", "version": str(commitment.version)}
        )
        assert again.status_code == 302
        commitment.refresh_from_db()
        assert commitment.reference == "მუხლი 15"

    def test_an_invalid_form_keeps_the_rows_typed(self, coordinator, framework, unit) -> None:
        client = signed_in(coordinator)
        form = _form(client, "/commitments/new/") | {
            "framework": str(framework.pk),
            "reference": "",
            "text_ka": "ტექსტი",
            "responsible_unit": str(unit.pk),
            "indicators-0-name": "ჩემი ინდიკატორი",
            "indicators-0-baseline": "ბევრი",
        }
        response = client.post("/commitments/new/", form)
        assert response.status_code == 400
        page = response.content.decode()
        assert 'value="ჩემი ინდიკატორი"' in page and 'value="ბევრი"' in page
        assert not Commitment.objects.filter(text_ka="ტექსტი").exists()

    def test_every_problem_of_a_form_is_named_in_one_round_beside_its_field(
        self, coordinator, framework, unit
    ) -> None:
        from django.utils.translation import gettext

        client = signed_in(coordinator)
        form = _form(client, "/commitments/new/") | {
            "framework": str(framework.pk),
            "reference": "მუხლი 7",
            "text_ka": "ტექსტი",
            "responsible_unit": str(unit.pk),
            "deadline": "9999-12-31",
            "indicators-0-name": "ინდიკატორი",
            "indicators-0-measure": "number",
            "indicators-0-baseline": "-5",
            "indicators-0-baseline_date": "2027-06-30",
            "indicators-0-target": "10",
            "indicators-0-target_date": "2027-01-01",
            "indicators-1-name": "წილი",
            "indicators-1-measure": "percent",
            "indicators-1-target": "150",
            "indicators-1-target_date": "9999-12-31",
        }
        response = client.post("/commitments/new/", form)
        assert response.status_code == 400
        page = response.content.decode()
        for problem in (
            "An indicator's number is not below zero.",
            "An indicator's target date cannot come before its baseline date.",
            "A percentage lies between 0 and 100.",
        ):
            assert gettext(problem).replace("'", "&#x27;") in page, problem
        # The far-off dates are refused too, the commitment's and the indicator's.
        from core.bounds import FIRST_YEAR, LAST_YEAR

        window = gettext("Enter a date between the years %(first)d and %(last)d.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
        assert page.count(window) == 2
        assert not Commitment.objects.filter(reference="მუხლი 7").exists()


class TestQueries:
    def test_the_list_reads_the_same_number_of_rows_however_many_commitments(
        self, viewer, make_commitment, other_unit, django_assert_max_num_queries
    ) -> None:
        for number in range(6):
            make_commitment(reference=f"{number}", supporting_units=[other_unit])
        client = signed_in(viewer)
        client.get("/commitments/")  # the session and the person are read once
        with django_assert_max_num_queries(12):
            client.get("/commitments/")

    def test_a_commitment_page_reads_its_reports_and_indicators_up_front(
        self, focal_point, coordinator, commitment, django_assert_max_num_queries
    ) -> None:
        client = signed_in(focal_point)
        for _ in range(3):  # three quarters reported and accepted
            obligation = _due(commitment)
            assert _report(client, commitment).status_code == 302
            signed_in(coordinator).post(f"/obligations/{obligation.pk}/transitions/accept/")
        client.get(f"/commitments/{commitment.pk}/")
        with django_assert_max_num_queries(18):
            client.get(f"/commitments/{commitment.pk}/")


def test_a_status_report_is_handed_in_from_its_own_form_not_the_obligations(
    focal_point, commitment
) -> None:
    """The obligation page's "Submit" of a status report leads to the report form, which asks
    for the assessment and the values; it offers no plain text form that would be refused."""
    obligation = Obligation.objects.get(commitment=commitment, kind="status_report")
    page = _page(focal_point, f"/obligations/{obligation.pk}/")
    assert f'href="/commitments/{commitment.pk}/report/"' in page
    assert f'action="/obligations/{obligation.pk}/transitions/submit/"' not in page
