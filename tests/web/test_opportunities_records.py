"""The donor communication log and the documents on the opportunity page."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.responses import streamed
from tests.web import signed_in
from workflow.models import Attachment, DonorCommunication

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"


def _contact(**overrides: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "occurred_on": today.isoformat(),
        "channel": "email",
        "summary": "დონორმა მოითხოვა ბიუჯეტის დაზუსტება",
        "next_step": "დაზუსტებული ბიუჯეტის გაგზავნა",
        "next_step_due": (today + datetime.timedelta(days=7)).isoformat(),
    } | overrides


class TestCommunicationLog:
    def test_focal_point_logs_a_contact_and_sees_it(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(state="in_communication")
        client = signed_in(focal_point)
        form_page = client.get(f"/opportunities/{opportunity.pk}/").content.decode()
        assert "კონტაქტის ჩაწერა" in form_page and "multipart/form-data" in form_page
        response = client.post(f"/opportunities/{opportunity.pk}/communications/", _contact())
        assert response.status_code == 302
        page = client.get(f"/opportunities/{opportunity.pk}/").content.decode()
        assert "დონორმა მოითხოვა ბიუჯეტის დაზუსტება" in page and "ელფოსტა" in page
        assert DonorCommunication.objects.get().author == focal_point

    def test_a_refused_entry_keeps_what_was_typed(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(state="in_communication")
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        response = signed_in(focal_point).post(
            f"/opportunities/{opportunity.pk}/communications/", _contact(occurred_on=tomorrow)
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "მომავალში" in page
        assert "დონორმა მოითხოვა ბიუჯეტის დაზუსტება</textarea>" in page
        assert not DonorCommunication.objects.exists()

    def test_an_invalid_form_says_what_to_fix(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(state="in_communication")
        response = signed_in(focal_point).post(
            f"/opportunities/{opportunity.pk}/communications/", _contact(occurred_on="31.02.2026")
        )
        assert response.status_code == 400 and 'role="alert"' in response.content.decode()

    @pytest.mark.parametrize("who", ["other_unit_focal_point", "minister", "viewer"])
    def test_others_see_no_form_and_posting_is_refused(
        self, who, request, make_opportunity
    ) -> None:
        opportunity = make_opportunity(state="in_communication")
        client = signed_in(request.getfixturevalue(who))
        page = client.get(f"/opportunities/{opportunity.pk}/").content.decode()
        assert "/communications/" not in page and "multipart/form-data" not in page
        response = client.post(f"/opportunities/{opportunity.pk}/communications/", _contact())
        assert response.status_code == 403
        assert not DonorCommunication.objects.exists()


class TestAttachments:
    def test_upload_then_download_the_same_bytes(
        self, focal_point, viewer, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        upload = SimpleUploadedFile("საპროექტო წინადადება.pdf", PDF)
        response = signed_in(focal_point).post(
            f"/opportunities/{opportunity.pk}/attachments/",
            {"file": upload, "description": "პირველი ვერსია"},
        )
        assert response.status_code == 302
        attachment = Attachment.objects.get()
        client = signed_in(viewer)
        assert (
            "საპროექტო წინადადება.pdf"
            in client.get(f"/opportunities/{opportunity.pk}/").content.decode()
        )
        download = client.get(f"/opportunities/{opportunity.pk}/attachments/{attachment.pk}/")
        assert download.status_code == 200
        assert streamed(download) == PDF
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment;")

    def test_a_document_is_removed_with_a_reason_and_still_listed_as_removed(
        self, focal_point, viewer, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        client = signed_in(focal_point)
        client.post(
            f"/opportunities/{opportunity.pk}/attachments/",
            {"file": SimpleUploadedFile("ძველი.pdf", PDF)},
        )
        attachment = Attachment.objects.get()
        remove = f"/opportunities/{opportunity.pk}/attachments/{attachment.pk}/remove/"
        page = client.get(f"/opportunities/{opportunity.pk}/").content.decode()
        assert remove in page
        refused = client.post(remove, {"reason": ""})
        assert refused.status_code == 400
        assert Attachment.objects.get().removed_at is None
        response = client.post(remove, {"reason": "არასწორი ფაილი"})
        assert response.status_code == 302
        page = signed_in(viewer).get(f"/opportunities/{opportunity.pk}/").content.decode()
        assert remove not in page  # a reader sees no remove button
        assert "არასწორი ფაილი" in page and focal_point.display_name in page
        download = signed_in(viewer).get(
            f"/opportunities/{opportunity.pk}/attachments/{attachment.pk}/"
        )
        assert streamed(download) == PDF

    def test_a_disguised_file_is_refused_clearly(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity()
        upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00program")
        response = signed_in(focal_point).post(
            f"/opportunities/{opportunity.pk}/attachments/",
            {"file": upload, "description": "ანგარიში"},
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "არ შეესაბამება" in page and 'value="ანგარიში"' in page
        assert not Attachment.objects.exists()

    def test_an_overlong_description_is_refused_not_dropped(
        self, focal_point, make_opportunity
    ) -> None:
        opportunity = make_opportunity()
        response = signed_in(focal_point).post(
            f"/opportunities/{opportunity.pk}/attachments/",
            {"file": SimpleUploadedFile("a.pdf", PDF), "description": "ა" * 301},
        )
        assert response.status_code == 400 and "აღწერა" in response.content.decode()
        assert not Attachment.objects.exists()

    def test_missing_file_is_refused(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity()
        response = signed_in(focal_point).post(f"/opportunities/{opportunity.pk}/attachments/", {})
        assert (
            response.status_code == 400 and "აირჩიეთ ასატვირთი ფაილი" in response.content.decode()
        )

    def test_other_unit_may_not_upload(self, other_unit_focal_point, make_opportunity) -> None:
        opportunity = make_opportunity()
        response = signed_in(other_unit_focal_point).post(
            f"/opportunities/{opportunity.pk}/attachments/",
            {"file": SimpleUploadedFile("a.pdf", PDF)},
        )
        assert response.status_code == 403 and not Attachment.objects.exists()

    def test_an_attachment_is_found_only_under_its_own_item(
        self, focal_point, make_opportunity
    ) -> None:
        opportunity, other = make_opportunity(), make_opportunity()
        signed_in(focal_point).post(
            f"/opportunities/{opportunity.pk}/attachments/",
            {"file": SimpleUploadedFile("a.pdf", PDF)},
        )
        attachment = Attachment.objects.get()
        assert (
            signed_in(focal_point)
            .get(f"/opportunities/{other.pk}/attachments/{attachment.pk}/")
            .status_code
            == 404
        )

    def test_download_needs_sign_in(self, client, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity()
        signed_in(focal_point).post(
            f"/opportunities/{opportunity.pk}/attachments/",
            {"file": SimpleUploadedFile("a.pdf", PDF)},
        )
        attachment = Attachment.objects.get()
        response = client.get(f"/opportunities/{opportunity.pk}/attachments/{attachment.pk}/")
        assert response.status_code == 302 and response["Location"].startswith("/login/")
