"""Uploaded documents: the stored-file columns every kind of document shares, and the one
function that checks and stores an upload."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.records import person_field
from core.unique import UniqueMessages
from core.uploads import check_upload
from core.validation import validated


def stored_document_path(instance: StoredDocument, filename: str) -> str:
    # The stored name is not the uploaded one: users' file names may clash or be unsafe.
    return f"{instance.storage_folder()}/{instance.token}{instance.extension}"


class StoredDocument(UniqueMessages, models.Model):
    file = models.FileField(_("file"), upload_to=stored_document_path, max_length=255)
    token = models.CharField(max_length=32, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(max_length=10, editable=False)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = person_field(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    def storage_folder(self) -> str:
        raise NotImplementedError


def document_store(
    document: Any, upload: UploadedFile[bytes] | None, *, description: str = ""
) -> Any:
    """Check ``upload`` (size, type, content), then save it under a random name with ``document``.

    ``document`` is an unsaved StoredDocument with its owner and ``uploaded_by`` set. If the row
    cannot be written the file is removed again, so nothing is orphaned.
    """

    checked = check_upload(upload)
    assert upload is not None  # check_upload refuses a missing file
    document.token = secrets.token_hex(16)
    document.original_name = checked.name
    document.extension = checked.extension
    document.content_type = checked.content_type
    document.size = checked.size
    document.description = description.strip()
    validated(document, exclude=["file", "uploaded_by"])
    document.file.save(document.token, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document
