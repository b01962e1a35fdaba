"""Sending a file back: a stored document (an opportunity's attachment, a project's document)
or one the page makes (a PDF, a workbook, a calendar, an IATI file)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
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


def made_file_response(
    content: bytes | str, *, content_type: str, filename: str, inline: bool = False
) -> HttpResponse:
    """A file the page made, under ``filename``: shown in the browser when ``inline``,
    otherwise downloaded."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
