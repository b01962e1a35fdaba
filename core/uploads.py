"""What an uploaded document must be: within the size limit, of an allowed type, and really of
that type (its first bytes agree with its extension), so a renamed program is refused."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.errors import ActionBlocked

_OFFICE_ZIP = b"PK\x03\x04"  # docx, xlsx, pptx, odt, ods are zip containers
_OFFICE_LEGACY = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # doc, xls, ppt (OLE2)

# extension -> (content type, accepted leading bytes; None means "plain text")
KNOWN_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "doc": ("application/msword", (_OFFICE_LEGACY,)),
    "xls": ("application/vnd.ms-excel", (_OFFICE_LEGACY,)),
    "ppt": ("application/vnd.ms-powerpoint", (_OFFICE_LEGACY,)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (_OFFICE_ZIP,),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_OFFICE_ZIP,)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (_OFFICE_ZIP,),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (_OFFICE_ZIP,)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (_OFFICE_ZIP,)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "txt": ("text/plain", None),
    "csv": ("text/csv", None),
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the name to show: no folders, control or direction-changing characters
    extension: str  # with the dot, lower case: ".pdf"
    content_type: str
    size: int


def allowed_extensions() -> list[str]:
    return [e.lower() for e in settings.DONORFLOW_UPLOAD_EXTENSIONS if e.lower() in KNOWN_TYPES]


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The sample may cut a multi-byte letter in two at its end.
        return exc.start >= len(head) - 3
    return True


def display_name(name: str) -> str:
    """The uploaded name as it may be shown and offered for download again.

    Folders are dropped, and so are control and format characters: a right-to-left override
    can make "invoice\u202egpj.pdf" read as a picture.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in base if unicodedata.category(ch) not in {"Cc", "Cf"}).strip()
    if len(kept) > 255:
        stem, dot, extension = kept.rpartition(".")
        kept = f"{stem[: 254 - len(extension)]}{dot}{extension}" if dot else kept[:255]
    return kept


def check_upload(upload: UploadedFile[bytes] | None) -> CheckedUpload:
    """Refuse an empty, oversized, unlisted or disguised file with a reason the user can act on."""
    if upload is None:
        raise ActionBlocked(_("Choose a file to upload."))
    name = display_name(upload.name or "")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if not stem.strip(". "):
        raise ActionBlocked(_("The file needs a name, not only an extension."))
    extension = extension.lower()
    allowed = allowed_extensions()
    if extension not in allowed:
        raise ActionBlocked(
            _("Files of this type cannot be uploaded. Allowed types: %(types)s.")
            % {"types": ", ".join(allowed)}
        )
    size = upload.size or 0
    if size == 0:
        raise ActionBlocked(_("The file is empty."))
    limit = settings.DONORFLOW_UPLOAD_MAX_MB * 1024 * 1024
    if size > limit:
        raise ActionBlocked(
            _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    content_type, signatures = KNOWN_TYPES[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    genuine = (
        _looks_like_text(head)
        if signatures is None
        else any(head.startswith(s) for s in signatures)
    )
    if not genuine:
        raise ActionBlocked(
            _("The file's content does not match its “.%(extension)s” name.")
            % {"extension": extension}
        )
    return CheckedUpload(name=name, extension=f".{extension}", content_type=content_type, size=size)
