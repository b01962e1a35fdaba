"""Documents kept on a project outside obligation reports: agreements, plans, evaluations."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.documents import document_store
from core.errors import ActionForbidden
from core.models import User
from projects import permissions as may
from projects.models import Project, ProjectDocument


def project_document_add(
    *, project: Project, user: User, upload: UploadedFile[bytes] | None, description: str = ""
) -> ProjectDocument:
    """The department and the participating units' focal points keep the project's documents."""
    if not may.can_report_progress(project, user):
        raise ActionForbidden(
            _("Project documents are kept by the department and the participating units.")
        )
    document: ProjectDocument = document_store(
        ProjectDocument(project=project, uploaded_by=user), upload, description=description
    )
    return document
