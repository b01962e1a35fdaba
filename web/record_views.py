"""The donor communication log and the documents on an opportunity's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.auth import signed_in_user
from core.documents import StoredDocument
from core.errors import DomainError
from web.forms.common import AttachmentForm
from web.forms.opportunities import CommunicationForm
from web.shared.feedback import forbidden_page, report_refusal
from web.views import render_detail
from workflow import permissions as may
from workflow import selectors
from workflow.models import Attachment
from workflow.services import records as services


@login_required
@require_POST
def communication_add(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunity_register(), pk=pk)
    if not may.can_keep_records(opportunity, request.user):
        return forbidden_page(request)  # before the form: who may not add learns only that
    form = CommunicationForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.communication_log_add(
                opportunity=opportunity, user=signed_in_user(request), **form.cleaned_data
            )
        except DomainError as refusal:
            status = report_refusal(request, refusal)
        else:
            messages.success(request, _("The contact is added to the log."))
            return redirect("opportunity-detail", pk=pk)
    else:
        messages.error(request, _("Please correct the marked fields."))
    return render_detail(request, opportunity, status=status, communication_form=form)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_or_404(selectors.opportunity_register(), pk=pk)
    # The service checks the file and the description; the form only carries them back.
    form = AttachmentForm(request.POST, request.FILES)
    try:
        attachment = services.attachment_add(
            opportunity=opportunity,
            user=signed_in_user(request),
            upload=request.FILES.get("file"),
            description=request.POST.get("description", ""),
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        return render_detail(request, opportunity, status=status, attachment_form=form)
    messages.success(request, _("Uploaded: %(name)s.") % {"name": attachment.original_name})
    return redirect("opportunity-detail", pk=pk)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    document = get_object_or_404(
        Attachment.objects.select_related("opportunity"), pk=attachment, opportunity_id=pk
    )
    try:
        services.attachment_remove(
            attachment=document,
            user=signed_in_user(request),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as refusal:
        status = report_refusal(request, refusal)
        opportunity = get_object_or_404(selectors.opportunity_register(), pk=pk)
        return render_detail(request, opportunity, status=status)
    messages.success(request, _("Removed: %(name)s.") % {"name": document.original_name})
    return redirect("opportunity-detail", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    return document_response(get_object_or_404(Attachment, pk=attachment, opportunity_id=pk))


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
