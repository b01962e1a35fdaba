"""What a person typed survives a refusal: a move on an obligation refused because another tab
moved it first, a status report returned for revision and opened again, and a status report
sent from a tab opened before the last one was handed in."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any, cast

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments.models import Commitment, Framework
from commitments.services import CommitmentFields, commitment_create
from core.models import OrganisationalUnit, User
from projects.models import Obligation
from projects.services.commitment_reports import commitment_report_submit, status_report_due
from projects.services.obligations import obligation_transition, obligation_update
from tests.web import opened_form, signed_in

pytestmark = pytest.mark.django_db
RECORDED_ON = datetime.datetime(2026, 11, 15, 10, 0, tzinfo=datetime.UTC)
IN_THE_PERIOD = datetime.datetime(2026, 12, 10, 10, 0, tzinfo=datetime.UTC)
TYPED_COMMENT = "ანგარიში სრულია, დანართები შემოწმებულია"
RETURN_REASON = "აკლია მეორე კვარტალის ხარჯების ცხრილი"


def _between(page: str, start: str, end: str) -> str:
    part = page[page.index(start) :]
    return part[: part.index(end)]


@pytest.fixture
def commitment(unit: OrganisationalUnit, coordinator: User) -> Commitment:
    """A commitment owed by ``unit`` with a percentage, a yes/no and a text indicator."""
    fields = {
        "framework": Framework.objects.get(code="eu-aa"),
        "reference": "მუხლი 14.2",
        "text_ka": "საზღვრის ინტეგრირებული მართვის სტრატეგიის განხორციელება",
        "text_en": "Implement the integrated border management strategy",
        "responsible_unit": unit,
    }
    with time_machine.travel(RECORDED_ON, tick=False):
        return commitment_create(
            user=coordinator,
            fields=cast(CommitmentFields, fields),
            indicators=[
                {"name": "გამშვები პუნქტების წილი ახალი სისტემით", "measure": "percent"},
                {"name": "სტრატეგია დამტკიცებულია", "measure": "yes_no"},
                {"name": "სასწავლო კურსის მდგომარეობა", "measure": "text"},
            ],
        )


def _handed_in(commitment: Commitment, focal_point: User) -> Obligation:
    """The commitment's report for its first period, handed in by its focal point."""
    percent, yes_no, text = commitment.indicators.order_by("position", "id")
    with time_machine.travel(IN_THE_PERIOD, tick=False):
        commitment_report_submit(
            commitment=commitment,
            user=focal_point,
            report="ახალი სისტემა ამოქმედდა 5 პუნქტზე",
            assessment="at_risk",
            values={percent.pk: Decimal("35.5"), yes_no.pk: Decimal(0), text.pk: "მიმდინარეობს"},
        )
    obligation = status_report_due(commitment)
    assert obligation is not None and obligation.state == Obligation.State.SUBMITTED
    return obligation


class TestAMoveRefusedAfterAnotherTabMoved:
    def test_the_comment_typed_is_kept_to_copy_and_the_address_is_the_pages(
        self, make_obligation, focal_point, coordinator
    ) -> None:
        obligation = make_obligation()
        obligation_transition(obligation=obligation, user=focal_point, name="submit", report="x")
        # Tab A returns the report; tab B, opened before, then accepts it with a comment.
        obligation_transition(
            obligation=obligation,
            user=coordinator,
            name="return_for_revision",
            comment=RETURN_REASON,
        )
        response = signed_in(coordinator).post(
            f"/obligations/{obligation.pk}/transitions/accept/", {"comment": TYPED_COMMENT}
        )

        assert response.status_code == 409
        page = response.content.decode()
        refused = _between(page, 'id="refused"', "</section>")
        assert "მიღება" in refused  # the move's name, as its button said it
        # Why, above it: the state the other tab left the obligation in.
        assert "დაბრუნებულია" in page[: page.index('id="refused"')]
        kept = re.search(r"<textarea[^>]*readonly[^>]*>([^<]*)</textarea>", refused)
        assert kept is not None and kept.group(1) == TYPED_COMMENT
        # The browser is told the page's own address, not the move's.
        assert f'data-page-address="/obligations/{obligation.pk}/"' in page
        obligation.refresh_from_db()
        assert obligation.state == Obligation.State.RETURNED

    def test_documents_chosen_for_a_stale_submit_are_said_to_be_lost(
        self, make_obligation, focal_point
    ) -> None:
        obligation = make_obligation()
        obligation_transition(
            obligation=obligation, user=focal_point, name="submit", report="პირველი"
        )
        response = signed_in(focal_point).post(
            f"/obligations/{obligation.pk}/transitions/submit/",
            {
                "report": "მეორე ჩანართიდან აკრეფილი ანგარიში",
                "files": [SimpleUploadedFile("ანგარიში.pdf", b"%PDF-1.7\n")],
            },
        )
        assert response.status_code == 409
        refused = _between(response.content.decode(), 'id="refused"', "</section>")
        assert "მეორე ჩანართიდან აკრეფილი ანგარიში</textarea>" in refused
        assert 'id="refused-uploads"' in refused  # choose the document again
        assert obligation.submissions.count() == 1


class TestAReturnedReportOpensWithWhatWasHandedIn:
    def test_an_obligations_report_and_the_return_reason(
        self, make_obligation, focal_point, coordinator
    ) -> None:
        obligation = make_obligation()
        obligation_transition(
            obligation=obligation,
            user=focal_point,
            name="submit",
            report="კვარტალის ანგარიში: ხარჯები და შედეგები",
        )
        obligation_transition(
            obligation=obligation,
            user=coordinator,
            name="return_for_revision",
            comment=RETURN_REASON,
        )
        page = signed_in(focal_point).get(f"/obligations/{obligation.pk}/").content.decode()
        form = _between(
            page, f'action="/obligations/{obligation.pk}/transitions/submit/"', "</form>"
        )
        assert RETURN_REASON in form and coordinator.display_name in form
        assert "კვარტალის ანგარიში: ხარჯები და შედეგები</textarea>" in form

    def test_a_commitments_status_report_with_its_assessment_and_values(
        self, commitment, focal_point, coordinator
    ) -> None:
        obligation = _handed_in(commitment, focal_point)
        with time_machine.travel(IN_THE_PERIOD + datetime.timedelta(hours=1), tick=False):
            obligation_transition(
                obligation=obligation,
                user=coordinator,
                name="return_for_revision",
                comment=RETURN_REASON,
            )
        client = signed_in(focal_point)
        with time_machine.travel(IN_THE_PERIOD, tick=False):
            page = client.get(f"/commitments/{commitment.pk}/report/").content.decode()
            sent = opened_form(client, f"/commitments/{commitment.pk}/report/")
        assert RETURN_REASON in page[: page.index("<form method")]
        percent, yes_no, text = commitment.indicators.order_by("position", "id")
        assert sent["report"] == "ახალი სისტემა ამოქმედდა 5 პუნქტზე"
        assert sent["assessment"] == "at_risk"
        assert sent[f"actual-{percent.pk}"] == "35.50"
        assert sent[f"actual-{yes_no.pk}"] == "0"
        assert sent[f"actual-{text.pk}"] == "მიმდინარეობს"

        # Corrected and handed in again: what was left alone goes with it.
        sent["report"] = "ახალი სისტემა ამოქმედდა 5 პუნქტზე; ხარჯების ცხრილი თან ერთვის"
        with time_machine.travel(IN_THE_PERIOD, tick=False):
            again = client.post(f"/commitments/{commitment.pk}/report/", sent)
        assert again.status_code == 302
        latest = obligation.submissions.order_by("-submitted_at", "-id")[0]
        assert latest.report.endswith("ხარჯების ცხრილი თან ერთვის")
        assert latest.assessment == "at_risk"
        claimed = {v.indicator_id: (v.value, v.text) for v in latest.indicator_values.all()}
        assert claimed == {
            percent.pk: (Decimal("35.5"), ""),
            yes_no.pk: (Decimal(0), ""),
            text.pk: (None, "მიმდინარეობს"),
        }


class TestAReportSentWhenNothingIsDue:
    def _stale_post(self, commitment: Commitment, focal_point: User) -> Any:
        client = signed_in(focal_point)
        with time_machine.travel(IN_THE_PERIOD, tick=False):
            opened = opened_form(client, f"/commitments/{commitment.pk}/report/")
        _handed_in(commitment, focal_point)  # from another tab, meanwhile
        percent, yes_no, _text = commitment.indicators.order_by("position", "id")
        typed = opened | {
            "report": "მეორე ჩანართში დაწერილი ანგარიში",
            "assessment": "on_track",
            f"actual-{percent.pk}": "41,5",
            f"actual-{yes_no.pk}": "1",
        }
        with time_machine.travel(IN_THE_PERIOD, tick=False):
            return client.post(f"/commitments/{commitment.pk}/report/", typed)

    def test_shows_the_refusal_and_the_typing_read_only_with_no_submit(
        self, commitment, focal_point
    ) -> None:
        response = self._stale_post(commitment, focal_point)
        assert response.status_code == 409
        page = response.content.decode()
        assert "დეპარტამენტის გადაწყვეტილებას" in page  # the last report waits on the department
        content = page[page.index('id="content"') :]
        assert "<form" not in content and "<button" not in content
        kept = _between(content, 'id="refused"', "</section>")
        assert "მეორე ჩანართში დაწერილი ანგარიში</textarea>" in kept
        assert "readonly" in kept
        assert "გეგმის მიხედვით</textarea>" in kept  # the assessment by its label
        assert "41,5</textarea>" in kept and ">კი</textarea>" in kept
        assert f'href="/commitments/{commitment.pk}/"' in kept
        assert commitment.obligations.get(kind="status_report").submissions.count() == 1

    def test_an_invalid_report_sent_when_nothing_is_due_says_so_rather_than_mark_fields(
        self, commitment, focal_point
    ) -> None:
        _handed_in(commitment, focal_point)
        with time_machine.travel(IN_THE_PERIOD, tick=False):
            response = signed_in(focal_point).post(
                f"/commitments/{commitment.pk}/report/", {"report": "მხოლოდ ტექსტი"}
            )
        assert response.status_code == 409
        content = response.content.decode()
        assert "<button" not in content[content.index('id="content"') :]
        assert "მხოლოდ ტექსტი</textarea>" in content


def test_a_report_refused_as_stale_while_still_due_is_handed_in_by_sending_it_again(
    commitment, focal_point, coordinator
) -> None:
    """The obligation changed meanwhile (here its unit was set again by the department), but a
    report is still due: the refusal keeps the form with what was typed, and the page now
    carries the version stored, so sending it again hands it in."""
    client = signed_in(focal_point)
    url = f"/commitments/{commitment.pk}/report/"
    with time_machine.travel(IN_THE_PERIOD, tick=False):
        opened = opened_form(client, url)
    obligation = status_report_due(commitment)
    assert obligation is not None
    obligation_update(
        obligation=obligation, user=coordinator, fields={"description": "შეცვლილი აღწერა"}
    )
    typed = opened | {"report": "ანგარიში ძველ ჩანართში", "assessment": "on_track"}
    with time_machine.travel(IN_THE_PERIOD, tick=False):
        refused = client.post(url, typed)
        assert refused.status_code == 409
        page = refused.content.decode()
        assert "ანგარიში ძველ ჩანართში</textarea>" in page and "<button>" in page
        version = re.search(r'name="version" value="(\d+)"', page)
        assert version is not None
        again = client.post(url, typed | {"version": version.group(1)})
    assert again.status_code == 302
    assert obligation.submissions.get().report == "ანგარიში ძველ ჩანართში"


def test_a_report_typed_for_a_period_settled_meanwhile_is_not_filed_under_the_next(
    commitment, focal_point, coordinator
) -> None:
    """Another tab handed the period's report in and the department accepted it, so the next
    period opened: the old page's report answered the settled period, and is neither filed
    under the new one nor offered a button that would file it there."""
    client = signed_in(focal_point)
    url = f"/commitments/{commitment.pk}/report/"
    with time_machine.travel(IN_THE_PERIOD, tick=False):
        opened = opened_form(client, url)
    settled = _handed_in(commitment, focal_point)
    obligation_transition(obligation=settled, user=coordinator, name="accept")
    settled.refresh_from_db()
    assert settled.state == Obligation.State.OPEN and settled.due_date == datetime.date(2027, 3, 31)
    typed = opened | {"report": "ძველი პერიოდის ანგარიში", "assessment": "on_track"}
    with time_machine.travel(IN_THE_PERIOD, tick=False):
        refused = client.post(url, typed)
        # Sent again with the version a conflict would hand back, it is still refused.
        again = client.post(url, typed | {"version": str(settled.version)})
    for response in (refused, again):
        assert response.status_code == 409
        page = response.content.decode()
        assert "31.12.2026" in page and "31.03.2027" in page
        content = page[page.index('id="content"') :]
        assert "<button" not in content and "ძველი პერიოდის ანგარიში</textarea>" in content
    assert settled.submissions.count() == 1
