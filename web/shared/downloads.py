"""Sending a stored document (an opportunity's attachment, a project's document) back."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from core.documents import StoredDocument


def document_response(document: StoredDocument) -> FileResponse:
    """The stored file, as a download under the name it was uploaded with."""
    try:
        stream = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing from storage.")) from exc
    return FileResponse(
        stream,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
