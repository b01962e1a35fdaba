"""The donor communication log and documents kept on an opportunity."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.errors import ActionBlocked, ActionForbidden, StateConflict
from workflow import selectors
from workflow.models import Attachment, DonorCommunication
from workflow.services.records import attachment_add, attachment_remove, communication_log_add

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def _contact(**overrides):
    values = {
        "occurred_on": timezone.localdate(),
        "channel": "meeting",
        "summary": "შეხვედრა დონორის წარმომადგენელთან",
        "next_step": "კონცეფციის გაგზავნა",
        "next_step_due": timezone.localdate() + datetime.timedelta(days=10),
    }
    return values | overrides


class TestCommunicationLog:
    def test_focal_point_logs_a_contact(self, focal_point, make_opportunity) -> None:
        opportunity = make_opportunity(state="in_communication")
        entry = communication_log_add(opportunity=opportunity, user=focal_point, **_contact())
        assert list(opportunity.communications.all()) == [entry]
        assert entry.author == focal_point

    @pytest.mark.parametrize(
        ("overrides", "reason"),
        [
            ({"occurred_on": timezone.localdate() + datetime.timedelta(days=1)}, "მომავალში"),
            ({"next_step_due": timezone.localdate() - datetime.timedelta(days=1)}, "ნაბიჯი"),
            ({"next_step": ""}, "ნაბიჯი"),
            ({"summary": ""}, "შეჯამება"),
            ({"channel": "pigeon"}, "არხი"),
        ],
    )
    def test_bad_entries_are_refused_with_a_reason(
        self, focal_point, make_opportunity, overrides, reason
    ) -> None:
        opportunity = make_opportunity(state="in_communication")
        with pytest.raises(ActionBlocked, match=reason):
            communication_log_add(
                opportunity=opportunity, user=focal_point, **_contact(**overrides)
            )
        assert not DonorCommunication.objects.exists()

    @pytest.mark.parametrize("who", ["other_unit_focal_point", "minister", "viewer", "outsider"])
    def test_only_the_owning_unit_and_the_department_log(
        self, who, request, make_opportunity
    ) -> None:
        user = request.getfixturevalue(who)
        with pytest.raises(ActionForbidden):
            communication_log_add(
                opportunity=make_opportunity(state="in_communication"), user=user, **_contact()
            )

    def test_coordinator_logs_for_any_unit(self, coordinator, make_opportunity) -> None:
        communication_log_add(
            opportunity=make_opportunity(state="approved"), user=coordinator, **_contact()
        )
        assert DonorCommunication.objects.count() == 1

    @pytest.mark.parametrize("state", ["closed", "rejected"])
    def test_a_finished_item_is_kept_as_it_was(self, state, coordinator, make_opportunity) -> None:
        with pytest.raises(ActionForbidden):
            communication_log_add(
                opportunity=make_opportunity(state=state), user=coordinator, **_contact()
            )

    def test_entries_are_never_rewritten(self, focal_point, make_opportunity) -> None:
        entry = communication_log_add(
            opportunity=make_opportunity(), user=focal_point, **_contact()
        )
        entry.summary = "სხვა"
        with pytest.raises(PermissionError):
            entry.save()


class TestAttachments:
    def test_a_pdf_is_stored_under_its_own_name(
        self, focal_point, make_opportunity, settings
    ) -> None:
        opportunity = make_opportunity()
        upload = SimpleUploadedFile("კონცეფცია.pdf", PDF, content_type="application/pdf")
        attachment = attachment_add(
            opportunity=opportunity, user=focal_point, upload=upload, description="v1"
        )
        assert attachment.original_name == "კონცეფცია.pdf"
        assert (attachment.size, attachment.content_type) == (len(PDF), "application/pdf")
        assert attachment.file.name is not None
        stored = Path(settings.MEDIA_ROOT) / attachment.file.name
        assert stored.read_bytes() == PDF
        assert "კონცეფცია" not in attachment.file.name

    @pytest.mark.parametrize(
        ("name", "content", "reason"),
        [
            ("setup.exe", b"MZ\x90\x00", "ტიპის"),
            ("invoice.pdf", b"MZ\x90\x00 this is a program", ".pdf"),
            ("notes.txt", b"text\x00with a NUL", ".txt"),
            ("empty.pdf", b"", "ცარიელია"),
            ("noextension", PDF, "ტიპის"),
        ],
    )
    def test_bad_files_are_refused_with_a_reason(
        self, focal_point, make_opportunity, settings, name, content, reason
    ) -> None:
        upload = SimpleUploadedFile(name, content)
        with pytest.raises(ActionBlocked, match=reason):
            attachment_add(opportunity=make_opportunity(), user=focal_point, upload=upload)
        assert not Attachment.objects.exists()
        assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))

    def test_a_file_over_the_limit_is_refused(
        self, focal_point, make_opportunity, settings
    ) -> None:
        settings.DONORFLOW_UPLOAD_MAX_MB = 1
        big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
        with pytest.raises(ActionBlocked, match=r"1[.,]0"):
            attachment_add(opportunity=make_opportunity(), user=focal_point, upload=big)
        assert not Attachment.objects.exists()

    def test_georgian_text_split_at_the_sample_edge_is_still_text(
        self, focal_point, make_opportunity
    ) -> None:
        text = ("ა" * 700).encode()  # 2100 bytes: the 2048-byte sample cuts a letter in two
        upload = SimpleUploadedFile("notes.txt", text)
        assert (
            attachment_add(
                opportunity=make_opportunity(), user=focal_point, upload=upload
            ).content_type
            == "text/plain"
        )

    def test_no_file_is_refused(self, focal_point, make_opportunity) -> None:
        with pytest.raises(ActionBlocked):
            attachment_add(opportunity=make_opportunity(), user=focal_point, upload=None)

    def test_other_units_may_not_upload_and_nothing_is_written(
        self, other_unit_focal_point, make_opportunity, settings
    ) -> None:
        upload = SimpleUploadedFile("a.pdf", PDF)
        with pytest.raises(ActionForbidden):
            attachment_add(
                opportunity=make_opportunity(), user=other_unit_focal_point, upload=upload
            )
        assert not Path(settings.MEDIA_ROOT).exists() or not list(
            Path(settings.MEDIA_ROOT).rglob("*.*")
        )


class TestAttachmentRemoval:
    @pytest.fixture
    def attachment(self, focal_point, make_opportunity):
        return attachment_add(
            opportunity=make_opportunity(),
            user=focal_point,
            upload=SimpleUploadedFile("ძველი ვერსია.pdf", PDF),
        )

    def test_removal_keeps_the_file_and_says_who_when_and_why(
        self, attachment, coordinator, settings
    ) -> None:
        attachment_remove(attachment=attachment, user=coordinator, reason=" შეცდომით ატვირთული ")
        kept = Attachment.objects.get(pk=attachment.pk)
        assert kept.removed_by == coordinator
        assert kept.removed_at is not None
        assert kept.removal_reason == "შეცდომით ატვირთული"
        assert kept.file.name is not None
        assert (Path(settings.MEDIA_ROOT) / kept.file.name).read_bytes() == PDF
        opportunity = kept.opportunity
        assert list(selectors.opportunity_attachments(opportunity)) == []
        assert list(selectors.opportunity_removed_attachments(opportunity)) == [kept]

    def test_a_reason_is_required(self, attachment, focal_point) -> None:
        with pytest.raises(ActionBlocked):
            attachment_remove(attachment=attachment, user=focal_point, reason="  ")
        assert Attachment.objects.get(pk=attachment.pk).removed_at is None

    def test_other_units_may_not_remove(self, attachment, other_unit_focal_point) -> None:
        with pytest.raises(ActionForbidden):
            attachment_remove(attachment=attachment, user=other_unit_focal_point, reason="x")
        assert Attachment.objects.get(pk=attachment.pk).removed_at is None

    def test_a_document_is_removed_once(self, attachment, focal_point, coordinator) -> None:
        stale = Attachment.objects.get(pk=attachment.pk)
        attachment_remove(attachment=attachment, user=focal_point, reason="პირველი")
        with pytest.raises(StateConflict):
            attachment_remove(attachment=stale, user=coordinator, reason="მეორე")
        kept = Attachment.objects.get(pk=attachment.pk)
        assert (kept.removed_by, kept.removal_reason) == (focal_point, "პირველი")
